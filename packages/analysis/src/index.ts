export { type AnalysisConfig, defaultAnalysisConfig, readAnalysisConfig } from './config.js';
export { type AnalysisExtension, analysisExtension } from './extension.js';
