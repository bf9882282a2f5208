export { default } from '../e2e/global-teardown';
