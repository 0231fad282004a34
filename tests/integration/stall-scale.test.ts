import { stallScaleSuite } from '../helpers/stall-scale-suite.ts';

// Small enough for every run; the 100,000-shipment proof is the scale tier (tests/scale/).
stallScaleSuite(5_000, 100, 200);
