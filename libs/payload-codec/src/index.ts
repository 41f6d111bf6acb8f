export { AesGcmPayloadCodec, ENCRYPTED_ENCODING, METADATA_ENCRYPTION_KEY_ID } from './aes-gcm-payload-codec';
export { generatePayloadKey, type PayloadKeyRing } from './key-ring';
export {
  checkPayloadActiveKey,
  parsePayloadKeys,
  payloadCodecEnv,
  payloadKeyRing,
  type PayloadCodecConfig,
} from './payload-keys-config';
