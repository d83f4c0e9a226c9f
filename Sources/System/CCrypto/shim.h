// OpenSSL 3 marks the low-level digest functions deprecated in favour of EVP; they stay exported, and
// they are what this module wants (see below).
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/md5.h>
#include <openssl/sha.h>
#include <stddef.h>

// One-shot digests through the low-level functions. OpenSSL 3's EVP_Digest fetches the implementation
// from a provider: on first use that loads the library's configuration and provider tables (about 2 MiB
// of libcrypto's pages and heap, resident for the rest of the process), and every call takes the
// fetch's locks. These run the same assembly without either.
static inline void finews_sha256(const void *data, size_t count, unsigned char *out) {
    SHA256_CTX context;
    SHA256_Init(&context);
    SHA256_Update(&context, data, count);
    SHA256_Final(out, &context);
}

static inline void finews_sha1(const void *data, size_t count, unsigned char *out) {
    SHA_CTX context;
    SHA1_Init(&context);
    SHA1_Update(&context, data, count);
    SHA1_Final(out, &context);
}

static inline void finews_md5(const void *data, size_t count, unsigned char *out) {
    MD5_CTX context;
    MD5_Init(&context);
    MD5_Update(&context, data, count);
    MD5_Final(out, &context);
}
