import { stallScaleSuite } from '../helpers/stall-scale-suite.ts';

// The property at a size every run can afford (reads follow the due parcels, not the active ones:
// 20 due among 400 active; SQS sends follow notifications / 10). The sizes that are scale proofs
// (5,000 and 100,000 active shipments) are the scale tier's: tests/scale/stall-scale.test.ts.
stallScaleSuite(400, 20, 40);
