// The package's entry point. The sources are TypeScript: tsx compiles index.ts on load (as
// cli/bin.js does for the command), so an installed package needs no build step to run.
// Only the values are listed here; the types come from the declarations in dist/.
import { tsImport } from 'tsx/esm/api';

const api = await tsImport('./index.ts', import.meta.url);

export const { ExplorerError, StructuralEncoder, check, CheckError, errorCodes } = api;
