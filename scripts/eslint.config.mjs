import { toolingConfig } from '../eslint.tooling.mjs';

export default toolingConfig();
