//! X.509 certificates for `crypto.X509Certificate` and `tlsSocket.getPeerCertificate()`:
//! one parse of a certificate's DER into the fields Node reports, with the text forms
//! OpenSSL prints under Node (names one attribute per line with RFC 2253 escaping, subject
//! alternative names and authority information access with Node's JSON-style quoting of
//! unsafe values), and the issuer check of `checkIssued` (OpenSSL's `X509_check_issued`).

use rquickjs::{Array, Ctx, Object, Result, TypedArray, Value};
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};
use x509_parser::der_parser::asn1_rs::{Any, Oid};
use x509_parser::prelude::{FromDer, ParsedExtension, X509Certificate};
use x509_parser::public_key::PublicKey;
use x509_parser::x509::{AttributeTypeAndValue, X509Name};

use super::super::tls::hex;

/// The DER of a certificate given as DER or as PEM (the first `CERTIFICATE` block).
pub(super) fn certificate_der(input: &[u8]) -> Option<Vec<u8>> {
    if X509Certificate::from_der(input).is_ok() {
        return Some(input.to_vec());
    }
    let (_, pem) = x509_parser::pem::parse_x509_pem(input).ok()?;
    (pem.label == "CERTIFICATE" && X509Certificate::from_der(&pem.contents).is_ok())
        .then_some(pem.contents)
}

/// OpenSSL's short name of a name attribute, or its dotted OID.
fn short_name(oid: &Oid<'_>) -> String {
    let id = oid.to_id_string();
    match id.as_str() {
        "2.5.4.3" => "CN",
        "2.5.4.4" => "SN",
        "2.5.4.5" => "serialNumber",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.9" => "street",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.12" => "title",
        "2.5.4.15" => "businessCategory",
        "2.5.4.17" => "postalCode",
        "2.5.4.42" => "GN",
        "2.5.4.43" => "initials",
        "2.5.4.44" => "generationQualifier",
        "2.5.4.46" => "dnQualifier",
        "2.5.4.65" => "pseudonym",
        "1.2.840.113549.1.9.1" => "emailAddress",
        "0.9.2342.19200300.100.1.25" => "DC",
        "0.9.2342.19200300.100.1.1" => "UID",
        "1.3.6.1.4.1.311.60.2.1.3" => "jurisdictionC",
        "1.3.6.1.4.1.311.60.2.1.2" => "jurisdictionST",
        "1.3.6.1.4.1.311.60.2.1.1" => "jurisdictionL",
        _ => return id,
    }
    .to_string()
}

/// An attribute's value as text (OpenSSL's conversion to UTF-8): BMPString is UTF-16,
/// UniversalString UTF-32, UTF8String UTF-8 and every other string type one byte a
/// character.
fn attribute_text(attribute: &AttributeTypeAndValue<'_>) -> String {
    let value = attribute.attr_value();
    let data = value.data;
    match value.tag().0 {
        12 => String::from_utf8_lossy(data).into_owned(),
        30 => char::decode_utf16(
            data.chunks(2)
                .map(|pair| u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)])),
        )
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect(),
        28 => data
            .chunks(4)
            .map(|quad| {
                let mut code = [0u8; 4];
                code[..quad.len()].copy_from_slice(quad);
                char::from_u32(u32::from_be_bytes(code)).unwrap_or(char::REPLACEMENT_CHARACTER)
            })
            .collect(),
        _ => data.iter().map(|&b| char::from(b)).collect(),
    }
}

/// `value` with RFC 2253 escaping (`\,` and friends, a leading `#` or space, a trailing
/// space) and, when `escape_control`, control characters as `\XX`.
fn escape_2253(value: &str, escape_control: bool) -> String {
    let count = value.chars().count();
    let mut out = String::with_capacity(value.len());
    for (i, c) in value.chars().enumerate() {
        let special = matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';')
            || (i == 0 && (c == '#' || c == ' '))
            || (i + 1 == count && c == ' ');
        if special {
            out.push('\\');
            out.push(c);
        } else if escape_control && (c < ' ' || c == '\x7f') {
            out.push_str(&format!("\\{:02X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// A name as Node prints it: `multiline` gives one RDN a line in order with control
/// characters escaped (`X509Certificate.subject`); otherwise RFC 2253 order and separators
/// with control characters kept (a `DirName` alternative name).
fn name_text(name: &X509Name<'_>, multiline: bool) -> String {
    let mut rdns: Vec<String> = name
        .iter_rdn()
        .map(|rdn| {
            rdn.iter()
                .map(|attribute| {
                    format!(
                        "{}={}",
                        short_name(attribute.attr_type()),
                        escape_2253(&attribute_text(attribute), multiline)
                    )
                })
                .collect::<Vec<_>>()
                .join(if multiline { " + " } else { "+" })
        })
        .collect();
    if multiline {
        rdns.join("\n")
    } else {
        rdns.reverse();
        rdns.join(",")
    }
}

/// `[[shortName, value], ...]`, every attribute of every RDN, values unescaped.
fn name_entries<'js>(ctx: &Ctx<'js>, name: &X509Name<'_>) -> Result<Array<'js>> {
    let entries = Array::new(ctx.clone())?;
    for (i, attribute) in name.iter_attributes().enumerate() {
        entries.set(
            i,
            vec![short_name(attribute.attr_type()), attribute_text(attribute)],
        )?;
    }
    Ok(entries)
}

/// Whether an alternative name prints as it is: no quote, backslash, comma or apostrophe,
/// no control character, and (unless UTF-8) nothing outside printable ASCII.
fn safe_alt_name(name: &[u8], utf8: bool) -> bool {
    name.iter().all(|&c| {
        !matches!(c, b'"' | b'\\' | b',' | b'\'') && c >= b' ' && c != 0x7f && (utf8 || c <= b'~')
    })
}

/// Node's printing of an alternative name value: as it is when safe, otherwise in double
/// quotes (around `prefix:` too) with JSON escapes, bytes read as Latin-1 unless `utf8`.
fn alt_name(out: &mut Vec<u8>, name: &[u8], utf8: bool, prefix: Option<&str>) {
    if safe_alt_name(name, utf8) {
        if let Some(prefix) = prefix {
            out.extend_from_slice(format!("{prefix}:").as_bytes());
        }
        out.extend_from_slice(name);
        return;
    }
    out.push(b'"');
    if let Some(prefix) = prefix {
        out.extend_from_slice(format!("{prefix}:").as_bytes());
    }
    for &c in name {
        match c {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'"' => out.extend_from_slice(b"\\\""),
            b' '..=b'~' if c != b',' => out.push(c),
            0x80.. if utf8 => out.push(c),
            _ => out.extend_from_slice(format!("\\u00{c:02x}").as_bytes()),
        }
    }
    out.push(b'"');
}

/// Latin-1 bytes (an escaped IA5String) as a string.
fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// One GeneralName (its context tag and contents) as Node prints it, e.g. `DNS:host`,
/// `IP Address:1.2.3.4`, `othername:XmppAddr:user@host`.
fn general_name_text(tag: u32, data: &[u8]) -> String {
    let mut out = Vec::new();
    let utf8_text;
    match tag {
        0 => {
            out.extend_from_slice(b"othername:");
            let value = Oid::from_der(data).ok().and_then(|(rest, oid)| {
                let (prefix, unicode) = match oid.to_id_string().as_str() {
                    "1.3.6.1.5.5.7.8.9" => ("SmtpUTF8Mailbox", true),
                    "1.3.6.1.5.5.7.8.5" => ("XmppAddr", true),
                    "1.3.6.1.5.5.7.8.7" => ("SRVName", false),
                    "1.3.6.1.4.1.311.20.2.3" => ("UPN", true),
                    "1.3.6.1.5.5.7.8.8" => ("NAIRealm", true),
                    _ => return None,
                };
                let (_, explicit) = Any::from_der(rest).ok()?;
                let (_, value) = Any::from_der(explicit.data).ok()?;
                let wanted = if unicode { 12 } else { 22 };
                (value.tag().0 == wanted).then_some((prefix, unicode, value.data))
            });
            match value {
                Some((prefix, unicode, value)) => alt_name(&mut out, value, unicode, Some(prefix)),
                None => out.extend_from_slice(b"<unsupported>"),
            }
        }
        1 => {
            out.extend_from_slice(b"email:");
            alt_name(&mut out, data, false, None);
        }
        2 => {
            out.extend_from_slice(b"DNS:");
            alt_name(&mut out, data, false, None);
        }
        3 => out.extend_from_slice(b"X400Name:<unsupported>"),
        4 => {
            out.extend_from_slice(b"DirName:");
            utf8_text = X509Name::from_der(data)
                .map(|(_, name)| name_text(&name, false))
                .unwrap_or_default();
            alt_name(&mut out, utf8_text.as_bytes(), true, None);
        }
        5 => out.extend_from_slice(b"EdiPartyName:<unsupported>"),
        6 => {
            out.extend_from_slice(b"URI:");
            alt_name(&mut out, data, false, None);
        }
        7 => {
            let text = match data.len() {
                4 => format!("{}.{}.{}.{}", data[0], data[1], data[2], data[3]),
                16 => data
                    .chunks(2)
                    .map(|pair| format!("{:X}", u16::from_be_bytes([pair[0], pair[1]])))
                    .collect::<Vec<_>>()
                    .join(":"),
                n => format!("<invalid length={n}>"),
            };
            out.extend_from_slice(format!("IP Address:{text}").as_bytes());
        }
        _ => {
            let oid = Oid::new(data.into()).to_id_string();
            out.extend_from_slice(format!("Registered ID:{oid}").as_bytes());
        }
    }
    // Latin-1 names were escaped to ASCII; only UTF-8 names keep bytes above 0x7f.
    String::from_utf8(out).unwrap_or_else(|e| latin1(e.as_bytes()))
}

/// The GeneralNames of a DER `SEQUENCE OF GeneralName` as `(tag, contents)`.
fn general_names(der: &[u8]) -> Vec<(u32, &[u8])> {
    let Ok((_, sequence)) = Any::from_der(der) else {
        return Vec::new();
    };
    let mut names = Vec::new();
    let mut rest = sequence.data;
    while let Ok((next, name)) = Any::from_der(rest) {
        names.push((name.tag().0, name.data));
        rest = next;
    }
    names
}

/// The text of the Authority Information Access extension: `method - name` a line.
fn info_access_text(der: &[u8]) -> String {
    general_names(der)
        .into_iter()
        .filter_map(|(_, description)| {
            let (rest, method) = Oid::from_der(description).ok()?;
            let (_, location) = Any::from_der(rest).ok()?;
            let method = match method.to_id_string().as_str() {
                "1.3.6.1.5.5.7.48.1" => "OCSP".to_string(),
                "1.3.6.1.5.5.7.48.2" => "CA Issuers".to_string(),
                "1.3.6.1.5.5.7.48.5" => "CA Repository".to_string(),
                "1.3.6.1.5.5.7.48.3" => "AD Time Stamping".to_string(),
                other => other.to_string(),
            };
            Some(format!(
                "{method} - {}",
                general_name_text(location.tag().0, location.data)
            ))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// OpenSSL's `X509_check_ca(cert) == 1`: a CA by its basic constraints, unless a key usage
/// extension forbids signing certificates.
fn is_ca(cert: &X509Certificate<'_>) -> bool {
    let may_sign = match cert.key_usage() {
        Ok(Some(usage)) => usage.value.key_cert_sign(),
        _ => true,
    };
    may_sign && matches!(cert.basic_constraints(), Ok(Some(bc)) if bc.value.ca)
}

/// The digest and key type of a certificate signature algorithm, for `verify`.
fn signature_algorithm(oid: &str) -> Option<(Option<&'static str>, &'static str)> {
    Some(match oid {
        "1.2.840.113549.1.1.4" => (Some("md5"), "rsa"),
        "1.2.840.113549.1.1.5" => (Some("sha1"), "rsa"),
        "1.2.840.113549.1.1.14" => (Some("sha224"), "rsa"),
        "1.2.840.113549.1.1.11" => (Some("sha256"), "rsa"),
        "1.2.840.113549.1.1.12" => (Some("sha384"), "rsa"),
        "1.2.840.113549.1.1.13" => (Some("sha512"), "rsa"),
        "1.2.840.10045.4.1" => (Some("sha1"), "ec"),
        "1.2.840.10045.4.3.1" => (Some("sha224"), "ec"),
        "1.2.840.10045.4.3.2" => (Some("sha256"), "ec"),
        "1.2.840.10045.4.3.3" => (Some("sha384"), "ec"),
        "1.2.840.10045.4.3.4" => (Some("sha512"), "ec"),
        "1.3.101.112" => (None, "ed25519"),
        "1.3.101.113" => (None, "ed448"),
        _ => return None,
    })
}

/// Everything Node reports of the certificate `der`, or null when it does not parse:
/// `{ subject, issuer, subjectText, issuerText, subjectaltname, altNames, infoAccess, ca,
/// keyUsage, validFrom, validTo, serialNumber, pubkey, bits, modulus, exponent, asn1Curve,
/// nistCurve, extKeyUsage, fingerprint*, selfIssued, tbs, signature, signatureDigest,
/// signatureKeyType }`. Names are arrays of `[shortName, value]`, `altNames` is
/// `[tag, contents]` per subject alternative name, times are seconds since the epoch.
pub(in crate::bindings) fn describe<'js>(ctx: &Ctx<'js>, der: &[u8]) -> Result<Value<'js>> {
    let Ok((_, cert)) = X509Certificate::from_der(der) else {
        return Ok(Value::new_null(ctx.clone()));
    };
    let bytes = |data: &[u8]| TypedArray::<u8>::new_copy(ctx.clone(), data);
    let object = Object::new(ctx.clone())?;
    object.set("subject", name_entries(ctx, cert.subject())?)?;
    object.set("issuer", name_entries(ctx, cert.issuer())?)?;
    object.set("subjectText", name_text(cert.subject(), true))?;
    object.set("issuerText", name_text(cert.issuer(), true))?;
    for extension in cert.extensions() {
        match extension.oid.to_id_string().as_str() {
            "2.5.29.17" => {
                let names = general_names(extension.value);
                let text: Vec<String> = names
                    .iter()
                    .map(|&(tag, data)| general_name_text(tag, data))
                    .collect();
                object.set("subjectaltname", text.join(", "))?;
                let raw = Array::new(ctx.clone())?;
                for (i, (tag, data)) in names.into_iter().enumerate() {
                    let entry = Array::new(ctx.clone())?;
                    entry.set(0, tag)?;
                    entry.set(1, bytes(data)?)?;
                    raw.set(i, entry)?;
                }
                object.set("altNames", raw)?;
            }
            "1.3.6.1.5.5.7.1.1" => object.set("infoAccess", info_access_text(extension.value))?,
            _ => {}
        }
    }
    object.set("ca", is_ca(&cert))?;
    object.set("validFrom", cert.validity().not_before.timestamp() as f64)?;
    object.set("validTo", cert.validity().not_after.timestamp() as f64)?;
    let serial = cert.raw_serial();
    let first = serial
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(serial.len().saturating_sub(1));
    object.set("serialNumber", hex(&serial[first..], ""))?;
    let spki = cert.public_key();
    object.set("pubkey", bytes(spki.raw)?)?;
    match spki.parsed() {
        Ok(PublicKey::RSA(rsa)) => {
            let modulus = rsa.modulus;
            let start = modulus.iter().position(|&b| b != 0).unwrap_or(0);
            let modulus = &modulus[start..];
            let bits =
                modulus.len() * 8 - modulus.first().map_or(0, |b| b.leading_zeros() as usize);
            object.set("bits", bits)?;
            object.set("modulus", hex(modulus, ""))?;
            let exponent = rsa
                .exponent
                .iter()
                .fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
            object.set("exponent", format!("0x{exponent:x}"))?;
        }
        Ok(PublicKey::EC(_)) => {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.as_oid().ok())
                .map(|oid| oid.to_id_string());
            let (asn1, nist, bits) = match curve.as_deref() {
                Some("1.2.840.10045.3.1.7") => ("prime256v1", "P-256", 256),
                Some("1.3.132.0.34") => ("secp384r1", "P-384", 384),
                Some("1.3.132.0.35") => ("secp521r1", "P-521", 521),
                _ => ("", "", 0),
            };
            if bits > 0 {
                object.set("bits", bits)?;
                object.set("asn1Curve", asn1)?;
                object.set("nistCurve", nist)?;
            }
        }
        _ => {}
    }
    if let Ok(Some(eku)) = cert.extended_key_usage() {
        let eku = eku.value;
        let mut oids = Vec::new();
        for (present, oid) in [
            (eku.server_auth, "1.3.6.1.5.5.7.3.1"),
            (eku.client_auth, "1.3.6.1.5.5.7.3.2"),
            (eku.code_signing, "1.3.6.1.5.5.7.3.3"),
            (eku.email_protection, "1.3.6.1.5.5.7.3.4"),
            (eku.time_stamping, "1.3.6.1.5.5.7.3.8"),
            (eku.ocsp_signing, "1.3.6.1.5.5.7.3.9"),
        ] {
            if present {
                oids.push(oid.to_string());
            }
        }
        oids.extend(eku.other.iter().map(|oid| oid.to_id_string()));
        object.set("extKeyUsage", oids)?;
    }
    object.set("fingerprint", hex(&Sha1::digest(der), ":"))?;
    object.set("fingerprint256", hex(&Sha256::digest(der), ":"))?;
    object.set("fingerprint512", hex(&Sha512::digest(der), ":"))?;
    object.set(
        "selfIssued",
        cert.subject().as_raw() == cert.issuer().as_raw(),
    )?;
    object.set("tbs", bytes(cert.tbs_certificate.as_ref())?)?;
    object.set("signature", bytes(&cert.signature_value.data)?)?;
    let algorithm = cert.signature_algorithm.algorithm.to_id_string();
    if let Some((digest, key_type)) = signature_algorithm(&algorithm) {
        object.set("signatureDigest", digest)?;
        object.set("signatureKeyType", key_type)?;
    }
    Ok(object.into_value())
}

/// OpenSSL's `X509_check_issued(issuer, subject) == X509_V_OK`: the names chain, the
/// authority key identifier (if any) names the issuer's key or serial, and the issuer's key
/// usage (if any) allows signing certificates. Signatures are not checked.
pub(super) fn check_issued(subject: &[u8], issuer: &[u8]) -> bool {
    let (Ok((_, subject)), Ok((_, issuer))) = (
        X509Certificate::from_der(subject),
        X509Certificate::from_der(issuer),
    ) else {
        return false;
    };
    if subject.issuer().as_raw() != issuer.subject().as_raw() {
        return false;
    }
    let subject_key_id = issuer
        .extensions()
        .iter()
        .find_map(|e| match e.parsed_extension() {
            ParsedExtension::SubjectKeyIdentifier(id) => Some(id.0),
            _ => None,
        });
    for extension in subject.extensions() {
        if let ParsedExtension::AuthorityKeyIdentifier(akid) = extension.parsed_extension() {
            if let (Some(wanted), Some(actual)) = (&akid.key_identifier, subject_key_id)
                && wanted.0 != actual
            {
                return false;
            }
            if let Some(serial) = akid.authority_cert_serial
                && serial != issuer.raw_serial()
            {
                return false;
            }
        }
    }
    match issuer.key_usage() {
        Ok(Some(usage)) => usage.value.key_cert_sign(),
        _ => true,
    }
}
