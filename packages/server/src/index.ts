export { buildPropolis, type Propolis, type PropolisExtension } from './app.js';
export { type Config, type ConfigOverrides, defaultConfig, loadConfig } from './config.js';
export { startServer } from './server.js';
export { VERSION } from './version.js';
