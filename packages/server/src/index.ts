export { buildPropolis, type Propolis } from './app.js';
export { loadConfig, defaultConfig, type Config, type ConfigOverrides } from './config.js';
export { startServer } from './server.js';
export { VERSION } from './version.js';
