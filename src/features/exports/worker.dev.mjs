// The export worker when the bot runs from TypeScript (tests, the demo, the bench;
// features/exports/pool.ts chooses it). Node 20 applies no --import loader to a worker
// thread, so tsx is registered here, inside the thread, before worker.ts loads.
// The compiled bot (npm start, Docker) runs dist/features/exports/worker.js instead.
import { register } from "tsx/esm/api";

register();
const { default: makeFile } = await import("./worker.ts");
export default makeFile;
