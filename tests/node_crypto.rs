//! node:crypto beyond hashing, checked from inside real guests against known answers
//! produced by Node 22: KDFs, ciphers, KeyObject encodings, signatures, key agreement and
//! WebCrypto (`crypto.subtle`).

mod common;

use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn key_derivation_matches_node() {
    let value = common::eval(
        r#"
        const c = require('crypto');
        c.pbkdf2('password', 'salt', 1000, 32, 'sha256', (error, key) => {
          __return({
            pbkdf2: key.toString('hex'),
            pbkdf2Sha512: c.pbkdf2Sync('pw', 'salt', 2, 20, 'sha512').toString('hex'),
            scrypt: c.scryptSync('password', 'salt', 32, { N: 1024 }).toString('hex'),
            hkdf: Buffer.from(c.hkdfSync('sha256', 'key', 'salt', 'info', 42)).toString('hex'),
            badDigest: (() => { try { c.pbkdf2Sync('a', 'b', 1, 32, 'foo'); } catch (e) { return [e.name, e.code]; } })(),
            badScrypt: (() => { try { c.scryptSync('a', 'b', 16, { N: 3 }); } catch (e) { return e.code; } })(),
          });
        });"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "pbkdf2": "632c2812e46d4604102ba7618e9d6d7d2f8128f6266b4a03264d2a0460b7dcb3",
            "pbkdf2Sha512": "8816cc3aaf71373639c3415049b2b6572f8d2bad",
            "scrypt": "16dbc8906763c7f048977a68f9d305f7710e068ca2cd95dab372125bb3f19608",
            "hkdf": "9ca0d662557439e3b83365f2da4626d35da195c6d9d1779f09838cf9e408966ece99106e2585ace6f083",
            "badDigest": ["TypeError", "ERR_CRYPTO_INVALID_DIGEST"],
            "badScrypt": "ERR_CRYPTO_INVALID_SCRYPT_PARAMS",
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn ciphers_match_node() {
    let value = common::eval(
        r#"
        const c = require('crypto');
        const key = Buffer.alloc(32, 7), iv = Buffer.alloc(16, 3), iv12 = Buffer.alloc(12, 5);
        const msg = Buffer.from('The quick brown fox jumps over the lazy dog, 12345678');
        const aead = (n) => n.includes('gcm') || n.includes('poly');
        const enc = (name, k, i) => {
          const ci = c.createCipheriv(name, k, i);
          if (aead(name)) ci.setAAD(Buffer.from('aad'));
          const r = Buffer.concat([ci.update(msg), ci.final()]).toString('hex');
          return aead(name) ? `${r}:${ci.getAuthTag().toString('hex')}` : r;
        };
        const fail = (f) => { try { f(); return 'no error'; } catch (e) { return [e.name, e.code, e.message]; } };
        const [ct, tag] = enc('aes-256-gcm', key, iv12).split(':');
        const gcm = c.createDecipheriv('aes-256-gcm', key, iv12);
        gcm.setAAD(Buffer.from('aad'));
        gcm.setAuthTag(Buffer.from(tag, 'hex'));
        const forged = c.createDecipheriv('aes-256-gcm', key, iv12);
        forged.setAuthTag(Buffer.alloc(16));
        forged.update(ct, 'hex');
        const cbc = c.createDecipheriv('aes-256-cbc', key, iv);
        const badPad = c.createDecipheriv('aes-256-cbc', key, iv);
        badPad.update(Buffer.alloc(32));
        __return({
          cbc: enc('aes-128-cbc', key.subarray(0, 16), iv),
          ctr: enc('aes-256-ctr', key, iv),
          ecb: enc('aes-128-ecb', key.subarray(0, 16), null),
          gcm: enc('aes-128-gcm', key.subarray(0, 16), iv12),
          gcmLongIv: enc('aes-128-gcm', key.subarray(0, 16), iv),
          chacha: enc('chacha20-poly1305', key, iv12),
          gcmDecrypt: gcm.update(ct, 'hex', 'utf8') + gcm.final('utf8'),
          cbcDecrypt: cbc.update(enc('aes-256-cbc', key, iv), 'hex', 'utf8') + cbc.final('utf8'),
          forged: fail(() => forged.final()),
          badDecrypt: fail(() => badPad.final()),
          keyLength: fail(() => c.createCipheriv('aes-128-cbc', Buffer.alloc(5), iv)),
          ivLength: fail(() => c.createCipheriv('aes-128-cbc', Buffer.alloc(16), Buffer.alloc(5))),
          listed: c.getCiphers().includes('aes-256-gcm'),
        });"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "cbc": "838147edcdd8e7033ace8bdc0742da1862cf202eacf6d5ff1c75e51ea01eea0da9a19f809f49e6447cfbacaa5d53e320ceacc1695a15a122b3c6d23b99aef653",
            "ctr": "28e415bc6dc4f4b0c6a8954c6e1f3867da0f43178e1a3fb122afa7ff55bf2c4fd7f2a083523dc175e9812b6c9910c4b6547d673c70",
            "ecb": "7a87a0eed5b4a7ea615cdd6f56c27e3afa7e1f34c5a76d7b19c1276859701f67d6b9dd4f82a7df325beb1c653ffae18cb4e56f11d923426940e4bbca7794d188",
            "gcm": "226131dcde711681f486e91c7db3598085e3ffd595841a1488ba62b864050b4384a9a25e4e4965b0cf452b122333809d32be4ea9b6:399b7fd02d808a10ce964dcdf7277467",
            "gcmLongIv": "cb9a80a35382dcfb7819715954d83a96798ec5f367d2e3ab0ac24e24dbb5f772a588d05b47dde6eeaaa1dd42713c21deb0dc15e7a4:3a9b9261554a8c7c389ca08bc6ebd33b",
            "chacha": "168e5f3ef40c83201d9182949c1a2504e25b5c4bb7824d5d9c01346e867170ed165171197aaa8c3302705a62fe9d95d569e7503b5b:2cee0578eb072d35417ca3c28a3e12a2",
            "gcmDecrypt": "The quick brown fox jumps over the lazy dog, 12345678",
            "cbcDecrypt": "The quick brown fox jumps over the lazy dog, 12345678",
            "forged": ["Error", null, "Unsupported state or unable to authenticate data"],
            "badDecrypt": ["Error", "ERR_OSSL_BAD_DECRYPT", "error:1C800064:Provider routines::bad decrypt"],
            "keyLength": ["RangeError", "ERR_CRYPTO_INVALID_KEYLEN", "Invalid key length"],
            "ivLength": ["TypeError", "ERR_CRYPTO_INVALID_IV", "Invalid initialization vector"],
            "listed": true,
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn keys_signatures_and_agreement() {
    let value = common::eval(
        r#"
        const c = require('crypto');
        const msg = Buffer.from('The quick brown fox jumps over the lazy dog, 12345678');
        const okp = (crv, byte) => c.createPrivateKey({ key: { kty: 'OKP', crv, d: Buffer.alloc(32, byte).toString('base64url'), x: '' }, format: 'jwk' });
        const ed = okp('Ed25519', 1);
        const ec = c.createPrivateKey({ key: { kty: 'EC', crv: 'P-256', d: Buffer.alloc(32, 9).toString('base64url'),
          x: 'cTX6T9k6Cdzpi79oG0v89Q58DWNU5ir7C_8qNClheGU', y: '7UwfAt25Aj7lalV-UV1qncZsEfIglg3llDNN9Yh3ZyQ' }, format: 'jwk' });
        const ecPub = c.createPublicKey(ec.export({ format: 'pem', type: 'sec1' }));
        const p1363 = c.sign('sha384', msg, { key: ec, dsaEncoding: 'ieee-p1363' });
        const a = c.createECDH('prime256v1'); a.setPrivateKey(Buffer.alloc(32, 1));
        const b = c.createECDH('prime256v1'); b.setPrivateKey(Buffer.alloc(32, 2));
        const { publicKey, privateKey } = c.generateKeyPairSync('rsa', { modulusLength: 1024 });
        const rsa2 = c.createPrivateKey(privateKey.export({ type: 'pkcs1', format: 'pem' }));
        const pss = { padding: c.constants.RSA_PKCS1_PSS_PADDING };
        __return({
          edPem: ed.export({ format: 'pem', type: 'pkcs8' }),
          edSign: c.sign(null, msg, ed).toString('hex'),
          edVerify: c.verify(null, msg, c.createPublicKey(ed), c.sign(null, msg, ed)),
          ecSec1: ec.export({ format: 'pem', type: 'sec1' }),
          ecSpki: ecPub.export({ type: 'spki', format: 'der' }).toString('hex'),
          ecDetails: [ec.asymmetricKeyType, ec.asymmetricKeyDetails],
          ecDer: c.verify('sha256', msg, ecPub, c.sign('sha256', msg, ec)),
          ecP1363: [p1363.length, c.verify('sha384', msg, { key: ecPub, dsaEncoding: 'ieee-p1363' }, p1363)],
          ecTampered: c.verify('sha256', Buffer.from('x'), ecPub, c.sign('sha256', msg, ec)),
          ecdh: [a.getPublicKey('hex', 'compressed'), a.computeSecret(b.getPublicKey()).toString('hex')],
          x25519: c.diffieHellman({ privateKey: okp('X25519', 1), publicKey: c.createPublicKey(okp('X25519', 2)) }).toString('hex'),
          rsa: [rsa2.equals(privateKey), String(privateKey.asymmetricKeyDetails.publicExponent),
            c.createVerify('sha256').update(msg).verify(publicKey, c.createSign('sha256').update(msg).sign(rsa2)),
            c.verify('sha256', msg, { key: publicKey, ...pss }, c.sign('sha256', msg, { key: privateKey, ...pss })),
            c.privateDecrypt(privateKey, c.publicEncrypt(publicKey, Buffer.from('hi'))).toString()],
        });"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "edPem": "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB\n-----END PRIVATE KEY-----\n",
            "edSign": "a724f5da05d3a42c7ab144f0c9cea8da7b100fe906275cff0d8b17fda7d63f3725bf6f2e43486ffd8c17f118a447ab56c78e15f01ca3f251f9cad6f9cfed4f07",
            "edVerify": true,
            "ecSec1": "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIAkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJoAoGCCqGSM49\nAwEHoUQDQgAEcTX6T9k6Cdzpi79oG0v89Q58DWNU5ir7C/8qNClheGXtTB8C3bkC\nPuVqVX5RXWqdxmwR8iCWDeWUM031iHdnJA==\n-----END EC PRIVATE KEY-----\n",
            "ecSpki": "3059301306072a8648ce3d020106082a8648ce3d030107034200047135fa4fd93a09dce98bbf681b4bfcf50e7c0d6354e62afb0bff2a3429617865ed4c1f02ddb9023ee56a557e515d6a9dc66c11f220960de594334df588776724",
            "ecDetails": ["ec", { "namedCurve": "prime256v1" }],
            "ecDer": true,
            "ecP1363": [64, true],
            "ecTampered": false,
            "ecdh": ["026ff03b949241ce1dadd43519e6960e0a85b41a69a05c328103aa2bce1594ca16",
                     "eb459a6b30d70eb4c0ddcd34ea96ed59e8f8d1843c22dd895ab603aa13d9a81d"],
            "x25519": "2ed76ab549b1e73c031eb49c9448f0798aea81b698279a0c3dc3e49fbfc4b953",
            "rsa": [true, "65537", true, true, "hi"],
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn webcrypto_subtle() {
    let value = common::eval(
        r#"
        const s = crypto.subtle;
        const hex = (ab) => Buffer.from(ab).toString('hex');
        const name = async (f) => { try { await f(); return 'ok'; } catch (e) { return e.name; } };
        (async () => {
          const hmac = await s.importKey('raw', Buffer.alloc(32, 1), { name: 'HMAC', hash: 'SHA-256' }, true, ['sign', 'verify']);
          const hmacSig = await s.sign('HMAC', hmac, Buffer.from('abc'));
          const aes = await s.importKey('raw', Buffer.alloc(16, 1), 'AES-GCM', true, ['encrypt', 'decrypt']);
          const gcm = { name: 'AES-GCM', iv: Buffer.alloc(12), additionalData: Buffer.from('x') };
          const sealed = await s.encrypt(gcm, aes, Buffer.from('hello'));
          const ctr = await s.importKey('raw', Buffer.alloc(16, 1), 'AES-CTR', true, ['encrypt']);
          const pw = await s.importKey('raw', Buffer.from('pw'), 'PBKDF2', false, ['deriveBits']);
          const ecdsa = await s.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
          const ecSig = await s.sign({ name: 'ECDSA', hash: 'SHA-256' }, ecdsa.privateKey, Buffer.from('m'));
          const ecRaw = await s.importKey('raw', await s.exportKey('raw', ecdsa.publicKey), { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
          const x1 = await s.generateKey('X25519', true, ['deriveBits']);
          const x2 = await s.generateKey('X25519', true, ['deriveBits']);
          const wrapper = await s.generateKey({ name: 'AES-GCM', length: 256 }, true, ['wrapKey', 'unwrapKey']);
          const wrapped = await s.wrapKey('jwk', hmac, wrapper, { name: 'AES-GCM', iv: Buffer.alloc(12) });
          const unwrapped = await s.unwrapKey('jwk', wrapped, wrapper, { name: 'AES-GCM', iv: Buffer.alloc(12) },
            { name: 'HMAC', hash: 'SHA-256' }, true, ['sign']);
          __return({
            digest: hex(await s.digest('SHA-256', Buffer.from('abc'))),
            hmac: [hex(hmacSig), await s.verify('HMAC', hmac, hmacSig, Buffer.from('abc'))],
            jwk: await s.exportKey('jwk', hmac),
            gcm: [hex(sealed), Buffer.from(await s.decrypt(gcm, aes, sealed)).toString()],
            ctrWrap: hex(await s.encrypt({ name: 'AES-CTR', counter: Buffer.alloc(16, 0xff), length: 8 }, ctr, Buffer.alloc(40, 1))),
            pbkdf2: hex(await s.deriveBits({ name: 'PBKDF2', salt: Buffer.from('s'), iterations: 10, hash: 'SHA-256' }, pw, 128)),
            ecdsa: [ecSig.byteLength, await s.verify({ name: 'ECDSA', hash: 'SHA-256' }, ecRaw, ecSig, Buffer.from('m'))],
            x25519: hex(await s.deriveBits({ name: 'X25519', public: x2.publicKey }, x1.privateKey, 256))
              === hex(await s.deriveBits({ name: 'X25519', public: x1.publicKey }, x2.privateKey, 256)),
            unwrapped: hex(await s.exportKey('raw', unwrapped)),
            errors: [await name(() => s.digest('SHA-3', Buffer.alloc(1))),
              await name(() => s.importKey('raw', Buffer.alloc(5), 'AES-GCM', true, ['encrypt'])),
              await name(() => s.sign('HMAC', aes, Buffer.alloc(1)))],
          });
        })();"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "digest": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "hmac": ["73860612aa6aadf68985b6e9c4233357cedd5f24a221eba740b2aa8350276cfc", true],
            "jwk": { "key_ops": ["sign", "verify"], "ext": true, "kty": "oct",
                     "k": "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE", "alg": "HS256" },
            "gcm": ["9b513e1f49382462319a2bf25b2af6b0cea74e8e09", "hello"],
            "ctrWrap": "6bd67ddbb8acb2beec20ee95200f131f8db7e7ed3cb1387b0fc07230f9287d70b2ee7bd8c1303b98",
            "pbkdf2": "e38acfac08deaecb8bc27036bbc05618",
            "ecdsa": [64, true],
            "x25519": true,
            "unwrapped": "0101010101010101010101010101010101010101010101010101010101010101",
            "errors": ["NotSupportedError", "DataError", "InvalidAccessError"],
        })
    );
}
