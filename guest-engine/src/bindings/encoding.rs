//! `binding('encoding')`: UTF-8 encode/decode for `TextEncoder`, `TextDecoder` and Buffer.

use rquickjs::{Ctx, Exception, Object, Result, TypedArray};

pub fn create<'js>(ctx: &Ctx<'js>) -> Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    super::set_fn(
        ctx,
        &o,
        "utf8Encode",
        |ctx: Ctx<'js>, text: rquickjs::String<'js>| {
            TypedArray::<u8>::new_copy(ctx, text.to_string()?.into_bytes())
        },
    )?;
    super::set_fn(
        ctx,
        &o,
        "utf8Decode",
        |ctx: Ctx<'js>, data: TypedArray<'js, u8>, fatal: bool, ignore_bom: bool| {
            let mut bytes: &[u8] = super::bytes(&data);
            if !ignore_bom && bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
                bytes = &bytes[3..];
            }
            if fatal {
                return std::str::from_utf8(bytes).map(str::to_owned).map_err(|_| {
                    let message = "The encoded data was not valid for encoding utf-8";
                    Exception::throw_type(&ctx, message)
                });
            }
            Ok(String::from_utf8_lossy(bytes).into_owned())
        },
    )?;
    Ok(o)
}
