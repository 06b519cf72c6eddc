//! `binding('buffer')`: the byte search behind `Buffer#indexOf`/`lastIndexOf`, which is too
//! slow in JavaScript for multi-megabyte haystacks and needles.

use memchr::memmem;
use rquickjs::{Ctx, Object, Result, TypedArray};

/// Node's SearchString over units of `width` bytes (1, or 2 for UTF-16): the unit index of
/// the first match at or after unit `start` (`forward`), or of the last one at or before
/// it; -1 when there is none. Only `haystack_units`/`needle_units` units of each are used.
fn search_units(
    haystack: TypedArray<'_, u8>,
    haystack_units: u32,
    needle: TypedArray<'_, u8>,
    needle_units: u32,
    start: u32,
    forward: bool,
    width: u32,
) -> i64 {
    let width = width.max(1) as usize;
    let (haystack_units, needle_units) = (haystack_units as usize, needle_units as usize);
    let haystack = super::bytes(&haystack);
    let needle = super::bytes(&needle);
    if haystack_units < needle_units
        || haystack.len() < haystack_units * width
        || needle.len() < needle_units * width
    {
        return -1;
    }
    let haystack = &haystack[..haystack_units * width];
    let needle = &needle[..needle_units * width];
    let last_start = (haystack_units - needle_units) * width;
    if forward {
        let finder = memmem::Finder::new(needle);
        let mut from = start as usize * width;
        while from <= last_start {
            match finder.find(&haystack[from..]) {
                Some(found) if (from + found).is_multiple_of(width) => {
                    return ((from + found) / width) as i64;
                }
                Some(found) => from += found + 1,
                None => return -1,
            }
        }
        -1
    } else {
        let finder = memmem::FinderRev::new(needle);
        let mut end = (start as usize * width).min(last_start) + needle.len();
        loop {
            match finder.rfind(&haystack[..end]) {
                Some(found) if found.is_multiple_of(width) => return (found / width) as i64,
                Some(found) if found > 0 => end = found - 1 + needle.len(),
                _ => return -1,
            }
        }
    }
}

pub fn create<'js>(ctx: &Ctx<'js>) -> Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    super::set_fn(ctx, &o, "searchUnits", search_units)?;
    Ok(o)
}
