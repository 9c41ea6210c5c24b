export { PropolisClient, PropolisApiError, type ClientOptions } from './client.js';
