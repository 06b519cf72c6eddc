//! Streaming symmetric ciphers behind `createCipheriv`/`createDecipheriv`: AES in ECB, CBC
//! (PKCS#7 padding), CTR and GCM, AES key wrap (RFC 3394, and RFC 5649 with padding),
//! ChaCha20-Poly1305, and Triple DES (EDE with two or three keys) in ECB, CBC and the CMS
//! key wrap of RFC 3217. The AEAD modes are built from their keystream and universal hash so
//! `update` can return bytes as they come, as OpenSSL does.

use aes::cipher::{BlockDecrypt, BlockEncrypt, KeyInit, KeyIvInit, StreamCipher, StreamCipherSeek};
use aes::{Aes128, Aes192, Aes256, Block};
use des::{TdesEde2, TdesEde3};
use ghash::universal_hash::UniversalHash;
use sha1::Digest;

/// The AES key schedules Node's cipher names cover.
enum Aes {
    A128(Aes128),
    A192(Aes192),
    A256(Aes256),
}

impl Aes {
    fn new(key: &[u8]) -> Option<Self> {
        Some(match key.len() {
            16 => Aes::A128(Aes128::new_from_slice(key).ok()?),
            24 => Aes::A192(Aes192::new_from_slice(key).ok()?),
            32 => Aes::A256(Aes256::new_from_slice(key).ok()?),
            _ => return None,
        })
    }

    fn encrypt(&self, block: &mut [u8; 16]) {
        let block = Block::from_mut_slice(block);
        match self {
            Aes::A128(c) => c.encrypt_block(block),
            Aes::A192(c) => c.encrypt_block(block),
            Aes::A256(c) => c.encrypt_block(block),
        }
    }

    fn decrypt(&self, block: &mut [u8; 16]) {
        let block = Block::from_mut_slice(block);
        match self {
            Aes::A128(c) => c.decrypt_block(block),
            Aes::A192(c) => c.decrypt_block(block),
            Aes::A256(c) => c.decrypt_block(block),
        }
    }
}

/// The block ciphers of the ECB and CBC modes: 16-byte AES blocks or 8-byte Triple DES ones.
enum BlockCipher {
    Aes(Aes),
    Ede2(TdesEde2),
    Ede3(TdesEde3),
}

impl BlockCipher {
    fn size(&self) -> usize {
        match self {
            BlockCipher::Aes(_) => 16,
            BlockCipher::Ede2(_) | BlockCipher::Ede3(_) => 8,
        }
    }

    /// Encrypts one block of `size()` bytes in place.
    fn encrypt(&self, block: &mut [u8]) {
        match self {
            BlockCipher::Aes(aes) => aes.encrypt(block.try_into().expect("16-byte block")),
            BlockCipher::Ede2(c) => {
                c.encrypt_block(des::cipher::Block::<TdesEde2>::from_mut_slice(block))
            }
            BlockCipher::Ede3(c) => {
                c.encrypt_block(des::cipher::Block::<TdesEde3>::from_mut_slice(block))
            }
        }
    }

    fn decrypt(&self, block: &mut [u8]) {
        match self {
            BlockCipher::Aes(aes) => aes.decrypt(block.try_into().expect("16-byte block")),
            BlockCipher::Ede2(c) => {
                c.decrypt_block(des::cipher::Block::<TdesEde2>::from_mut_slice(block))
            }
            BlockCipher::Ede3(c) => {
                c.decrypt_block(des::cipher::Block::<TdesEde3>::from_mut_slice(block))
            }
        }
    }

    /// CBC over whole blocks of `data` in place, chaining from `chain` and leaving it at the
    /// last ciphertext block.
    fn cbc(&self, encrypt: bool, chain: &mut [u8], data: &mut [u8]) {
        for block in data.chunks_exact_mut(self.size()) {
            if encrypt {
                block
                    .iter_mut()
                    .zip(chain.iter())
                    .for_each(|(b, c)| *b ^= c);
                self.encrypt(block);
                chain.copy_from_slice(block);
            } else {
                let input = block.to_vec();
                self.decrypt(block);
                block
                    .iter_mut()
                    .zip(chain.iter())
                    .for_each(|(b, c)| *b ^= c);
                chain.copy_from_slice(&input);
            }
        }
    }
}

/// The CMS Triple DES key wrap of RFC 3217 (OpenSSL's `des3-wrap`): the key gets an 8-byte
/// SHA-1 checksum, is encrypted in CBC under a random IV, and the IV and ciphertext are
/// reversed and encrypted again under a fixed IV.
struct Des3Wrap(BlockCipher);

const DES3_WRAP_IV: [u8; 8] = [0x4a, 0xdd, 0xa2, 0x2c, 0x79, 0xe8, 0x21, 0x05];

impl Des3Wrap {
    fn checksum(data: &[u8]) -> [u8; 8] {
        sha1::Sha1::digest(data)[..8].try_into().expect("8 bytes")
    }

    fn wrap(&self, data: &[u8]) -> Result<Vec<u8>, CipherError> {
        if data.is_empty() || !data.len().is_multiple_of(8) {
            return Err(CipherError::InvalidState);
        }
        let mut iv = [0u8; 8];
        getrandom::fill(&mut iv).expect("kernel random source");
        let mut inner = [data, &Self::checksum(data)].concat();
        self.0.cbc(true, &mut iv.clone(), &mut inner);
        let mut out = [&iv[..], &inner].concat();
        out.reverse();
        self.0.cbc(true, &mut DES3_WRAP_IV.clone(), &mut out);
        Ok(out)
    }

    fn unwrap(&self, data: &[u8]) -> Result<Vec<u8>, CipherError> {
        if data.len() < 24 || !data.len().is_multiple_of(8) {
            return Err(CipherError::InvalidState);
        }
        let mut outer = data.to_vec();
        self.0.cbc(false, &mut DES3_WRAP_IV.clone(), &mut outer);
        outer.reverse();
        let (iv, inner) = outer.split_at_mut(8);
        self.0.cbc(false, iv, inner);
        let (plain, checksum) = inner.split_at(inner.len() - 8);
        if Self::checksum(plain) != checksum {
            return Err(CipherError::BadDecrypt);
        }
        Ok(plain.to_vec())
    }
}

/// AES in counter mode; GCM increments the low 32 bits, plain CTR the whole 128-bit block.
struct AesCtr {
    aes: Aes,
    counter: [u8; 16],
    keystream: [u8; 16],
    used: usize,
    wide: bool,
}

impl AesCtr {
    fn new(aes: Aes, counter: [u8; 16], wide: bool) -> Self {
        AesCtr {
            aes,
            counter,
            keystream: [0; 16],
            used: 16,
            wide,
        }
    }

    fn increment(&mut self) {
        let width = if self.wide { 16 } else { 4 };
        for byte in self.counter[16 - width..].iter_mut().rev() {
            *byte = byte.wrapping_add(1);
            if *byte != 0 {
                break;
            }
        }
    }

    fn apply(&mut self, data: &mut [u8]) {
        for byte in data {
            if self.used == 16 {
                self.keystream = self.counter;
                self.aes.encrypt(&mut self.keystream);
                self.increment();
                self.used = 0;
            }
            *byte ^= self.keystream[self.used];
            self.used += 1;
        }
    }
}

/// A 16-byte-block universal hash (GHASH or Poly1305) fed a byte stream.
enum Mac {
    Ghash(ghash::GHash),
    Poly(poly1305::Poly1305),
}

struct StreamHash {
    mac: Mac,
    pending: Vec<u8>,
}

impl StreamHash {
    fn feed(&mut self, data: &[u8]) {
        self.pending.extend_from_slice(data);
        let whole = self.pending.len() / 16 * 16;
        if whole > 0 {
            self.absorb_padded(whole);
        }
    }

    /// Hashes the first `len` pending bytes, zero-padded to a block boundary.
    fn absorb_padded(&mut self, len: usize) {
        let data: Vec<u8> = self.pending.drain(..len).collect();
        match &mut self.mac {
            Mac::Ghash(h) => h.update_padded(&data),
            Mac::Poly(h) => h.update_padded(&data),
        }
    }

    fn flush(&mut self) {
        let len = self.pending.len();
        if len > 0 {
            self.absorb_padded(len);
        }
    }

    fn finish(self) -> [u8; 16] {
        match self.mac {
            Mac::Ghash(h) => h.finalize().into(),
            Mac::Poly(h) => h.finalize().into(),
        }
    }
}

enum Keystream {
    Aes(Box<AesCtr>),
    ChaCha(chacha20::ChaCha20),
}

/// GCM or ChaCha20-Poly1305 in progress.
struct Aead {
    keystream: Keystream,
    hash: StreamHash,
    /// XORed into the hash output to form the tag (E(K, J0) for GCM, zero for ChaCha).
    tag_mask: [u8; 16],
    aad_len: u64,
    text_len: u64,
    text_started: bool,
    chacha: bool,
}

impl Aead {
    fn gcm(key: &[u8], iv: &[u8]) -> Option<Self> {
        let aes = Aes::new(key)?;
        if iv.is_empty() {
            return None;
        }
        let mut h = [0u8; 16];
        aes.encrypt(&mut h);
        let j0 = if iv.len() == 12 {
            let mut j0 = [0u8; 16];
            j0[..12].copy_from_slice(iv);
            j0[15] = 1;
            j0
        } else {
            let mut g = ghash::GHash::new(&h.into());
            g.update_padded(iv);
            let mut lengths = [0u8; 16];
            lengths[8..].copy_from_slice(&(iv.len() as u64 * 8).to_be_bytes());
            g.update_padded(&lengths);
            g.finalize().into()
        };
        let mut tag_mask = j0;
        aes.encrypt(&mut tag_mask);
        let mut ctr = AesCtr::new(aes, j0, false);
        ctr.increment();
        Some(Aead {
            keystream: Keystream::Aes(Box::new(ctr)),
            hash: StreamHash {
                mac: Mac::Ghash(ghash::GHash::new(&h.into())),
                pending: Vec::new(),
            },
            tag_mask,
            aad_len: 0,
            text_len: 0,
            text_started: false,
            chacha: false,
        })
    }

    fn chacha20_poly1305(key: &[u8], iv: &[u8]) -> Option<Self> {
        if key.len() != 32 || iv.len() != 12 {
            return None;
        }
        let mut stream = chacha20::ChaCha20::new_from_slices(key, iv).ok()?;
        let mut poly_key = [0u8; 32];
        stream.apply_keystream(&mut poly_key);
        stream.seek(64u32);
        Some(Aead {
            keystream: Keystream::ChaCha(stream),
            hash: StreamHash {
                mac: Mac::Poly(poly1305::Poly1305::new(&poly_key.into())),
                pending: Vec::new(),
            },
            tag_mask: [0; 16],
            aad_len: 0,
            text_len: 0,
            text_started: false,
            chacha: true,
        })
    }

    fn aad(&mut self, data: &[u8]) -> bool {
        if self.text_started {
            return false;
        }
        self.hash.feed(data);
        self.aad_len += data.len() as u64;
        true
    }

    fn apply(&mut self, data: &mut [u8]) {
        match &mut self.keystream {
            Keystream::Aes(ctr) => ctr.apply(data),
            Keystream::ChaCha(stream) => stream.apply_keystream(data),
        }
    }

    fn update(&mut self, encrypt: bool, data: &[u8]) -> Vec<u8> {
        if !self.text_started {
            self.hash.flush();
            self.text_started = true;
        }
        let mut out = data.to_vec();
        if encrypt {
            self.apply(&mut out);
            self.hash.feed(&out);
        } else {
            self.hash.feed(data);
            self.apply(&mut out);
        }
        self.text_len += data.len() as u64;
        out
    }

    fn tag(mut self) -> [u8; 16] {
        self.hash.flush();
        let mut lengths = [0u8; 16];
        if self.chacha {
            lengths[..8].copy_from_slice(&self.aad_len.to_le_bytes());
            lengths[8..].copy_from_slice(&self.text_len.to_le_bytes());
        } else {
            lengths[..8].copy_from_slice(&(self.aad_len * 8).to_be_bytes());
            lengths[8..].copy_from_slice(&(self.text_len * 8).to_be_bytes());
        }
        self.hash.feed(&lengths);
        let mut tag = self.hash.finish();
        for (t, m) in tag.iter_mut().zip(self.tag_mask) {
            *t ^= m;
        }
        tag
    }
}

/// AES key wrap: each `update` wraps or unwraps its whole input, as OpenSSL's wrap ciphers do.
struct KeyWrap {
    aes: Aes,
    /// The initial value: 8 bytes for RFC 3394, the 4-byte prefix for RFC 5649 (padded).
    iv: Vec<u8>,
}

impl KeyWrap {
    /// The RFC 3394 wrapping rounds over `blocks`, starting from the integrity register `a`.
    fn wrap_rounds(&self, mut a: [u8; 8], blocks: &mut [[u8; 8]]) -> [u8; 8] {
        let n = blocks.len() as u64;
        for j in 0..6u64 {
            for (i, r) in blocks.iter_mut().enumerate() {
                let mut b = [0u8; 16];
                b[..8].copy_from_slice(&a);
                b[8..].copy_from_slice(r);
                self.aes.encrypt(&mut b);
                let t = n * j + i as u64 + 1;
                a.copy_from_slice(&b[..8]);
                a.iter_mut().zip(t.to_be_bytes()).for_each(|(x, y)| *x ^= y);
                r.copy_from_slice(&b[8..]);
            }
        }
        a
    }

    /// The inverse rounds; returns the recovered integrity register.
    fn unwrap_rounds(&self, mut a: [u8; 8], blocks: &mut [[u8; 8]]) -> [u8; 8] {
        let n = blocks.len() as u64;
        for j in (0..6u64).rev() {
            for (i, r) in blocks.iter_mut().enumerate().rev() {
                let t = n * j + i as u64 + 1;
                a.iter_mut().zip(t.to_be_bytes()).for_each(|(x, y)| *x ^= y);
                let mut b = [0u8; 16];
                b[..8].copy_from_slice(&a);
                b[8..].copy_from_slice(r);
                self.aes.decrypt(&mut b);
                a.copy_from_slice(&b[..8]);
                r.copy_from_slice(&b[8..]);
            }
        }
        a
    }

    fn padded(&self) -> bool {
        self.iv.len() == 4
    }

    fn wrap(&self, data: &[u8]) -> Result<Vec<u8>, CipherError> {
        let (a, plain) = if self.padded() {
            if data.is_empty() || data.len() > u32::MAX as usize {
                return Err(CipherError::InvalidState);
            }
            let mut a = [0u8; 8];
            a[..4].copy_from_slice(&self.iv);
            a[4..].copy_from_slice(&(data.len() as u32).to_be_bytes());
            let mut plain = data.to_vec();
            plain.resize(data.len().div_ceil(8) * 8, 0);
            if plain.len() == 8 {
                let mut block = [0u8; 16];
                block[..8].copy_from_slice(&a);
                block[8..].copy_from_slice(&plain);
                self.aes.encrypt(&mut block);
                return Ok(block.to_vec());
            }
            (a, plain)
        } else {
            if data.len() < 16 || !data.len().is_multiple_of(8) {
                return Err(CipherError::InvalidState);
            }
            (
                self.iv.as_slice().try_into().expect("8-byte IV"),
                data.to_vec(),
            )
        };
        let mut blocks = to_blocks(&plain);
        let a = self.wrap_rounds(a, &mut blocks);
        let mut out = a.to_vec();
        blocks.iter().for_each(|b| out.extend_from_slice(b));
        Ok(out)
    }

    fn unwrap(&self, data: &[u8]) -> Result<Vec<u8>, CipherError> {
        if data.len() < 16 || !data.len().is_multiple_of(8) {
            return Err(CipherError::InvalidState);
        }
        let (a, plain) = if data.len() == 16 && self.padded() {
            let mut block: [u8; 16] = data.try_into().expect("16 bytes");
            self.aes.decrypt(&mut block);
            (block[..8].try_into().expect("8 bytes"), block[8..].to_vec())
        } else {
            if data.len() < 24 && !self.padded() {
                return Err(CipherError::InvalidState);
            }
            let mut blocks = to_blocks(&data[8..]);
            let a = self.unwrap_rounds(data[..8].try_into().expect("8 bytes"), &mut blocks);
            (a, blocks.concat())
        };
        if !self.padded() {
            return if a[..] == self.iv[..] {
                Ok(plain)
            } else {
                Err(CipherError::BadDecrypt)
            };
        }
        let length = u32::from_be_bytes(a[4..].try_into().expect("4 bytes")) as usize;
        let valid = a[..4] == self.iv[..]
            && length <= plain.len()
            && length + 8 > plain.len()
            && plain[length..].iter().all(|&b| b == 0);
        if !valid {
            return Err(CipherError::BadDecrypt);
        }
        Ok(plain[..length].to_vec())
    }
}

fn to_blocks(data: &[u8]) -> Vec<[u8; 8]> {
    data.chunks_exact(8)
        .map(|c| c.try_into().expect("8-byte chunk"))
        .collect()
}

enum Mode {
    Ecb(BlockCipher),
    Wrap(KeyWrap),
    Des3Wrap(Des3Wrap),
    Cbc(BlockCipher, Vec<u8>),
    Ctr(AesCtr),
    Aead(Option<Aead>),
}

/// Why a cipher could not be created or finished; `node:crypto` turns these into Node errors.
#[derive(Debug)]
pub enum CipherError {
    UnknownCipher,
    InvalidKeyLength,
    InvalidIv,
    BadDecrypt,
    WrongFinalBlockLength,
    Authenticate,
    InvalidState,
}

/// One `Cipheriv`/`Decipheriv` in progress.
pub struct Cipher {
    mode: Mode,
    encrypt: bool,
    padding: bool,
    /// Block-mode bytes not yet processed (a partial block, or the held-back last block).
    pending: Vec<u8>,
    tag: Option<Vec<u8>>,
}

/// Key and IV lengths of every supported cipher, in the order `getCiphers` lists them.
pub const CIPHERS: &[(&str, usize, usize)] = &[
    ("aes-128-cbc", 16, 16),
    ("aes-128-ctr", 16, 16),
    ("aes-128-ecb", 16, 0),
    ("aes-128-gcm", 16, 12),
    ("aes-192-cbc", 24, 16),
    ("aes-192-ctr", 24, 16),
    ("aes-192-ecb", 24, 0),
    ("aes-192-gcm", 24, 12),
    ("aes-256-cbc", 32, 16),
    ("aes-256-ctr", 32, 16),
    ("aes-256-ecb", 32, 0),
    ("aes-256-gcm", 32, 12),
    ("chacha20-poly1305", 32, 12),
    ("des-ede", 16, 0),
    ("des-ede-cbc", 16, 8),
    ("des-ede3", 24, 0),
    ("des-ede3-cbc", 24, 8),
    ("id-aes128-wrap", 16, 8),
    ("id-aes128-wrap-pad", 16, 4),
    ("id-aes192-wrap", 24, 8),
    ("id-aes192-wrap-pad", 24, 4),
    ("id-aes256-wrap", 32, 8),
    ("id-aes256-wrap-pad", 32, 4),
    ("id-smime-alg-cms3deswrap", 24, 0),
];

/// The block cipher a `-ecb`/`-cbc` (or bare ECB `des-ede`) name selects, keyed with `key`.
fn block_cipher(name: &str, key: &[u8]) -> Result<BlockCipher, CipherError> {
    let cipher = if name.starts_with("aes-") {
        Aes::new(key).map(BlockCipher::Aes)
    } else if key.len() == 16 {
        TdesEde2::new_from_slice(key).ok().map(BlockCipher::Ede2)
    } else {
        TdesEde3::new_from_slice(key).ok().map(BlockCipher::Ede3)
    };
    cipher.ok_or(CipherError::InvalidKeyLength)
}

impl Cipher {
    pub fn new(name: &str, encrypt: bool, key: &[u8], iv: &[u8]) -> Result<Self, CipherError> {
        let &(_, key_len, iv_len) = CIPHERS
            .iter()
            .find(|(n, _, _)| *n == name)
            .ok_or(CipherError::UnknownCipher)?;
        if key.len() != key_len {
            return Err(CipherError::InvalidKeyLength);
        }
        let aead = name.ends_with("gcm") || name.starts_with("chacha20");
        if (!aead && iv.len() != iv_len) || (aead && iv.is_empty()) {
            return Err(CipherError::InvalidIv);
        }
        let mode = if name == "id-smime-alg-cms3deswrap" {
            Mode::Des3Wrap(Des3Wrap(block_cipher(name, key)?))
        } else if name.starts_with("id-aes") {
            Mode::Wrap(KeyWrap {
                aes: Aes::new(key).ok_or(CipherError::InvalidKeyLength)?,
                iv: iv.to_vec(),
            })
        } else if name.ends_with("-ecb") || name == "des-ede" || name == "des-ede3" {
            Mode::Ecb(block_cipher(name, key)?)
        } else if name.ends_with("-cbc") {
            Mode::Cbc(block_cipher(name, key)?, iv.to_vec())
        } else if name.ends_with("-ctr") {
            Mode::Ctr(AesCtr::new(
                Aes::new(key).ok_or(CipherError::InvalidKeyLength)?,
                iv.try_into().map_err(|_| CipherError::InvalidIv)?,
                true,
            ))
        } else if name.ends_with("-gcm") {
            Mode::Aead(Some(Aead::gcm(key, iv).ok_or(CipherError::InvalidIv)?))
        } else {
            Mode::Aead(Some(
                Aead::chacha20_poly1305(key, iv).ok_or(CipherError::InvalidIv)?,
            ))
        };
        Ok(Cipher {
            mode,
            encrypt,
            padding: true,
            pending: Vec::new(),
            tag: None,
        })
    }

    pub fn set_auto_padding(&mut self, padding: bool) {
        self.padding = padding;
    }

    pub fn set_aad(&mut self, data: &[u8]) -> Result<(), CipherError> {
        match &mut self.mode {
            Mode::Aead(Some(aead)) => {
                if aead.aad(data) {
                    Ok(())
                } else {
                    Err(CipherError::InvalidState)
                }
            }
            _ => Err(CipherError::InvalidState),
        }
    }

    pub fn set_auth_tag(&mut self, tag: &[u8]) -> Result<(), CipherError> {
        if self.encrypt || !matches!(self.mode, Mode::Aead(Some(_))) || self.tag.is_some() {
            return Err(CipherError::InvalidState);
        }
        self.tag = Some(tag.to_vec());
        Ok(())
    }

    pub fn auth_tag(&self) -> Option<&[u8]> {
        self.tag.as_deref()
    }

    /// The block size of the ECB and CBC modes.
    fn block_size(&self) -> usize {
        match &self.mode {
            Mode::Ecb(cipher) | Mode::Cbc(cipher, _) => cipher.size(),
            Mode::Ctr(_) | Mode::Aead(_) | Mode::Wrap(_) | Mode::Des3Wrap(_) => {
                unreachable!("stream and wrap modes take no blocks")
            }
        }
    }

    fn blocks(&mut self, data: &[u8]) -> Vec<u8> {
        let size = self.block_size();
        self.pending.extend_from_slice(data);
        // Decryption with padding keeps the last whole block back for `final` to unpad.
        let hold = if !self.encrypt && self.padding { 1 } else { 0 };
        let count = (self.pending.len() / size).saturating_sub(
            if self.pending.len().is_multiple_of(size) {
                hold
            } else {
                0
            },
        );
        let mut out: Vec<u8> = self.pending.drain(..count * size).collect();
        match &mut self.mode {
            Mode::Ecb(cipher) => out.chunks_exact_mut(size).for_each(|block| {
                if self.encrypt {
                    cipher.encrypt(block)
                } else {
                    cipher.decrypt(block)
                }
            }),
            Mode::Cbc(cipher, chain) => cipher.cbc(self.encrypt, chain, &mut out),
            Mode::Ctr(_) | Mode::Aead(_) | Mode::Wrap(_) | Mode::Des3Wrap(_) => {
                unreachable!("stream and wrap modes take no blocks")
            }
        }
        out
    }

    pub fn update(&mut self, data: &[u8]) -> Result<Vec<u8>, CipherError> {
        match &mut self.mode {
            Mode::Ctr(ctr) => {
                let mut out = data.to_vec();
                ctr.apply(&mut out);
                Ok(out)
            }
            Mode::Aead(Some(aead)) => Ok(aead.update(self.encrypt, data)),
            Mode::Aead(None) => Err(CipherError::InvalidState),
            Mode::Wrap(kw) if self.encrypt => kw.wrap(data),
            Mode::Wrap(kw) => kw.unwrap(data),
            Mode::Des3Wrap(kw) if self.encrypt => kw.wrap(data),
            Mode::Des3Wrap(kw) => kw.unwrap(data),
            Mode::Ecb(_) | Mode::Cbc(..) => Ok(self.blocks(data)),
        }
    }

    pub fn finish(&mut self) -> Result<Vec<u8>, CipherError> {
        match &mut self.mode {
            Mode::Ctr(_) | Mode::Wrap(_) | Mode::Des3Wrap(_) => Ok(Vec::new()),
            Mode::Aead(state) => {
                let aead = state.take().ok_or(CipherError::InvalidState)?;
                let tag = aead.tag();
                if self.encrypt {
                    self.tag = Some(tag.to_vec());
                    return Ok(Vec::new());
                }
                let expected = self.tag.as_deref().ok_or(CipherError::Authenticate)?;
                let mut difference = 0u8;
                for (a, b) in expected.iter().zip(tag.iter()) {
                    difference |= a ^ b;
                }
                if difference != 0 || expected.is_empty() || expected.len() > 16 {
                    return Err(CipherError::Authenticate);
                }
                Ok(Vec::new())
            }
            Mode::Ecb(_) | Mode::Cbc(..) => {
                let size = self.block_size();
                if self.encrypt {
                    if !self.padding {
                        return if self.pending.is_empty() {
                            Ok(Vec::new())
                        } else {
                            Err(CipherError::WrongFinalBlockLength)
                        };
                    }
                    let pad = size - self.pending.len();
                    let padding = vec![pad as u8; pad];
                    return Ok(self.blocks(&padding));
                }
                if !self.padding {
                    return if self.pending.is_empty() {
                        Ok(Vec::new())
                    } else {
                        Err(CipherError::WrongFinalBlockLength)
                    };
                }
                if self.pending.len() != size {
                    return Err(CipherError::WrongFinalBlockLength);
                }
                self.padding = false;
                let mut last = self.blocks(&[]);
                let pad = *last.last().expect("one block") as usize;
                if pad == 0 || pad > size || last[size - pad..].iter().any(|&b| b as usize != pad) {
                    return Err(CipherError::BadDecrypt);
                }
                last.truncate(size - pad);
                Ok(last)
            }
        }
    }
}
