import { stallScaleSuite } from '../helpers/stall-scale-suite.ts';

stallScaleSuite(100_000, 1_000, 1_000);
