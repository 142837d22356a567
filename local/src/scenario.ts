// The simulated world lives with the sandbox functions, which the sandbox stage deploys and the
// embedded default runs alike (functions/src/sandbox).
export {
  DEMO_SCENARIO_FILE,
  loadScenario,
  type Scenario,
  type SimulatedCompany,
} from '@occ/functions/sandbox/scenario.ts';
