export { type ClientOptions, PropolisApiError, PropolisClient } from './client.js';
