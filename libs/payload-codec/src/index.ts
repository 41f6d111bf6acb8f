export {
  AesGcmPayloadCodec,
  ENCRYPTED_ENCODING,
  METADATA_ENCRYPTION_KEY_ID,
  REFUSED_PLAIN_ENCODING,
} from './aes-gcm-payload-codec';
export { generatePayloadKey, PLAIN_PAYLOADS, type PayloadKeyRing, type PlainPayloads } from './key-ring';
export {
  checkPayloadActiveKey,
  parsePayloadKeys,
  payloadCodecEnv,
  payloadKeyRing,
  type PayloadCodecConfig,
} from './payload-keys-config';
export {
  payloadKeyIdsOf,
  PayloadKeyUsage,
  UNENCRYPTED,
  UNLABELLED,
  type KeyStanding,
  type KeyUsageRow,
} from './key-usage';
