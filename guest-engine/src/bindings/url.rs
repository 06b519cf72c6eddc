//! `binding('url')`: WHATWG URL parsing and setters from the `url` crate; `URL` and
//! `URLSearchParams` in JS wrap them.

use rquickjs::{Ctx, Object, Result};
use url::{Url, quirks};

/// The components `internal/url` reads, in its order: href, origin, protocol, username,
/// password, host, hostname, port, pathname, search, hash.
fn components(url: &Url) -> Vec<String> {
    vec![
        quirks::href(url).to_string(),
        quirks::origin(url),
        quirks::protocol(url).to_string(),
        quirks::username(url).to_string(),
        quirks::password(url).to_string(),
        quirks::host(url).to_string(),
        quirks::hostname(url).to_string(),
        quirks::port(url).to_string(),
        quirks::pathname(url).to_string(),
        quirks::search(url).to_string(),
        quirks::hash(url).to_string(),
    ]
}

fn parse(input: &str, base: Option<&str>) -> Option<Url> {
    match base {
        Some(base) => Url::parse(base).ok()?.join(input).ok(),
        None => Url::parse(input).ok(),
    }
}

pub fn create<'js>(ctx: &Ctx<'js>) -> Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    super::set_fn(ctx, &o, "parse", |input: String, base: Option<String>| {
        parse(&input, base.as_deref()).map(|u| components(&u))
    })?;
    super::set_fn(
        ctx,
        &o,
        "update",
        |href: String, component: String, value: String| {
            let mut url = Url::parse(&href).ok()?;
            match component.as_str() {
                "href" => quirks::set_href(&mut url, &value).ok()?,
                "protocol" => drop(quirks::set_protocol(&mut url, &value)),
                "username" => drop(quirks::set_username(&mut url, &value)),
                "password" => drop(quirks::set_password(&mut url, &value)),
                "host" => drop(quirks::set_host(&mut url, &value)),
                "hostname" => drop(quirks::set_hostname(&mut url, &value)),
                "port" => drop(quirks::set_port(&mut url, &value)),
                "pathname" => quirks::set_pathname(&mut url, &value),
                "search" => quirks::set_search(&mut url, &value),
                "hash" => quirks::set_hash(&mut url, &value),
                _ => return None,
            }
            Some(components(&url))
        },
    )?;
    super::set_fn(ctx, &o, "domainToASCII", |domain: String| {
        quirks::domain_to_ascii(&domain)
    })?;
    super::set_fn(ctx, &o, "domainToUnicode", |domain: String| {
        quirks::domain_to_unicode(&domain)
    })?;
    Ok(o)
}
