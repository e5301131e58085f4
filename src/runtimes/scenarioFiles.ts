// Imported by the Node entry points: lets play() read scenario files ('./cases/conflict.yaml'). The
// browser entry points never import it, so their bundles carry no node:fs.
import { loadScenarioFile } from '../scenarios/loadScenarioFile.ts'
import { installScenarioFileLoader } from '../scenarios/scenarioReference.ts'

installScenarioFileLoader(loadScenarioFile)
