export { LoginProviderStandIn, type Outage } from './server';
export { makeSigningKey, type KeyKind, type SigningKey } from './signingKeys';
export { encodeSegment, signToken, type Signer } from './signToken';
export { loopbackFetcher } from './loopbackFetcher';
