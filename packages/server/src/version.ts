/** The Propolis version reported by status routes and the CLI. */
export const VERSION = '0.1.0';
