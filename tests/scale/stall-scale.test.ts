import { stallScaleSuite } from '../helpers/stall-scale-suite.ts';

// The size `npm test` ran before the integration tier went small (tests/integration/stall-scale.test.ts).
stallScaleSuite(5_000, 100, 200);
stallScaleSuite(100_000, 1_000, 1_000);
