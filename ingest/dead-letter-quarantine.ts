/**
 * Dead letters are kept as received so they can be replayed after a fix, and
 * those bytes can hold staff identifiers in clear (an ESR number in
 * payload.staff_id; the raw staff id is the Kafka key on ohwb.clinical). So the
 * key, headers and value are sealed with AES-256-GCM before they reach the
 * warehouse, under a key derived (HKDF-SHA256, its own `info`) from the
 * pseudonym key, which lives outside the warehouse: a copied warehouse file
 * does not carry what is needed to open them.
 *
 * Sealed layout: version (1 byte) ‖ key id (4) ‖ nonce (12) ‖ ciphertext ‖ tag (16).
 * The key id (a 4-byte HMAC of the derived key) tells "different key" apart
 * from "damaged"; the AAD binds version and column, so a sealed value cannot be
 * moved to another column unnoticed.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import { DeadLetterCorruptError, DeadLetterKeyMismatchError } from "./ingest-errors.js";
import { deadLetterMessages } from "./ingest-messages.js";
import { Pseudonymiser } from "./pseudonymise.js";

/** HKDF `info` for the sealing key: distinct from every other use of the pseudonym key. */
export const QUARANTINE_INFO = "ohwb dead-letter quarantine v1";
export const SEALED_VERSION = 1;
const KEY_ID_BYTES = 4;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + KEY_ID_BYTES + NONCE_BYTES;
/**
 * Messages shorter than this get no raw_sha256: a digest of a short value (say a
 * bare ESR number) could be reversed by trying every candidate.
 */
export const RAW_DIGEST_MIN_BYTES = 64;

/** The dead_letter columns that hold sealed bytes. */
export type SealedField = "key" | "headers" | "raw";

export class DeadLetterQuarantine {
  readonly keyId: Buffer;

  private constructor(private readonly key: Buffer) {
    this.keyId = createHmac("sha256", key)
      .update("ohwb dead-letter key id")
      .digest()
      .subarray(0, KEY_ID_BYTES);
  }

  static fromPseudonymiser(pseudonymiser: Pseudonymiser): DeadLetterQuarantine {
    return new DeadLetterQuarantine(pseudonymiser.deriveKey(QUARANTINE_INFO));
  }

  static fromPseudonymKey(key: string): DeadLetterQuarantine {
    return DeadLetterQuarantine.fromPseudonymiser(new Pseudonymiser(key));
  }

  seal(field: SealedField, plain: Uint8Array): Buffer {
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeUInt8(SEALED_VERSION, 0);
    this.keyId.copy(header, 1);
    randomBytes(NONCE_BYTES).copy(header, 1 + KEY_ID_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, header.subarray(1 + KEY_ID_BYTES));
    cipher.setAAD(aad(field));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([header, body, cipher.getAuthTag()]);
  }

  /** True when `sealed` was sealed under this key (by its key id; nothing is decrypted). */
  sealedWithThisKey(sealed: Uint8Array): boolean {
    return (
      sealed.length >= HEADER_BYTES + TAG_BYTES &&
      Buffer.from(sealed.buffer, sealed.byteOffset + 1, KEY_ID_BYTES).equals(this.keyId)
    );
  }

  /** The original bytes; throws DeadLetterKeyMismatchError for another key, DeadLetterCorruptError if damaged. */
  open(field: SealedField, sealed: Uint8Array): Buffer {
    const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.length);
    if (bytes.length < HEADER_BYTES + TAG_BYTES || bytes[0] !== SEALED_VERSION)
      throw new DeadLetterCorruptError(deadLetterMessages.deadLetterSealedUnreadable(field));
    if (!this.sealedWithThisKey(bytes)) throw new DeadLetterKeyMismatchError();
    const decipher = createDecipheriv(
      "aes-256-gcm",
      this.key,
      bytes.subarray(1 + KEY_ID_BYTES, HEADER_BYTES),
    );
    decipher.setAAD(aad(field));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(bytes.subarray(HEADER_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch (error) {
      throw new DeadLetterCorruptError(deadLetterMessages.deadLetterSealedUnreadable(field), {
        cause: error,
      });
    }
  }
}

function aad(field: SealedField): Buffer {
  return Buffer.from(`ohwb dead_letter v${SEALED_VERSION} ${field}`, "utf8");
}

/** SHA-256 (hex) of a whole message value, or null when it is too short to be safe to hash. */
export function rawDigest(value: Uint8Array | null): string | null {
  if (!value || value.length < RAW_DIGEST_MIN_BYTES) return null;
  return createHash("sha256").update(value).digest("hex");
}
