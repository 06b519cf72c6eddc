//! `binding('net')`: the kernel's socket table as `node:net`, `node:dgram` and `node:dns`
//! use it. Sockets are kernel descriptors: their bytes move through `binding('fs')`'s
//! `read`/`write`/`close`, and `binding('io')` waits for them. Addresses cross as
//! `{ address, port, family }` with Node's family names (`'IPv4'`, `'IPv6'`), or `{ path }`
//! for a Unix-domain socket (`''` for a client's unnamed end). Kernel errors
//! are thrown with the errno name in `code`; calls that would block return null (or false)
//! instead.

use crate::js_error::throw_errno;
use crate::secure_exec::kernel::net::{self as knet, AddressFamily, SocketAddress};
use crate::secure_exec::kernel::types::Errno;
use rquickjs::{Ctx, Object, Result, TypedArray, Value};

fn call<T>(ctx: &Ctx<'_>, result: std::result::Result<T, Errno>) -> Result<T> {
    result.map_err(|errno| throw_errno(ctx, errno))
}

fn family_name(family: AddressFamily) -> &'static str {
    match family {
        AddressFamily::Ipv4 => "IPv4",
        AddressFamily::Ipv6 => "IPv6",
        AddressFamily::Unix => "Unix",
    }
}

/// `{ address, port, family }`, or `{ path }` for a Unix-domain socket.
fn address_object<'js>(ctx: &Ctx<'js>, address: SocketAddress) -> Result<Object<'js>> {
    let object = Object::new(ctx.clone())?;
    if matches!(address.family, AddressFamily::Unix) {
        object.set("path", address.address)?;
        return Ok(object);
    }
    object.set("address", address.address)?;
    object.set("port", address.port)?;
    object.set("family", family_name(address.family))?;
    Ok(object)
}

/// A kernel result that may be `eagain`: the value, or None when the call would block.
fn unless_eagain<T>(ctx: &Ctx<'_>, result: std::result::Result<T, Errno>) -> Result<Option<T>> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(Errno::Eagain) => Ok(None),
        Err(errno) => Err(throw_errno(ctx, errno)),
    }
}

pub fn create<'js>(ctx: &Ctx<'js>) -> Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    // A TCP listener's descriptor.
    super::set_fn(
        ctx,
        &o,
        "listen",
        |ctx: Ctx<'js>, address: String, port: u16, backlog: u32, reuse_port: bool| {
            call(&ctx, knet::listen(&address, port, backlog, reuse_port))
        },
    )?;
    // A Unix-domain listener's descriptor.
    super::set_fn(
        ctx,
        &o,
        "listenUnix",
        |ctx: Ctx<'js>, path: String, backlog: u32| call(&ctx, knet::listen_unix(&path, backlog)),
    )?;
    // The next waiting connection's descriptor, or null when none waits.
    super::set_fn(
        ctx,
        &o,
        "accept",
        |ctx: Ctx<'js>, listener: u32| -> Result<Value<'js>> {
            match unless_eagain(&ctx, knet::accept(listener))? {
                Some(fd) => Ok(Value::new_number(ctx, f64::from(fd))),
                None => Ok(Value::new_null(ctx)),
            }
        },
    )?;
    // Starts a connection: its descriptor, which turns writable once `connectResult` can
    // tell how the attempt went.
    super::set_fn(
        ctx,
        &o,
        "connect",
        |ctx: Ctx<'js>, address: String, port: u16, tls_server_name: Option<String>| {
            call(
                &ctx,
                knet::connect(&address, port, tls_server_name.as_deref()),
            )
        },
    )?;
    // A Unix-domain connection's descriptor; `connectResult` tells how it went.
    super::set_fn(ctx, &o, "connectUnix", |ctx: Ctx<'js>, path: String| {
        call(&ctx, knet::connect_unix(&path))
    })?;
    // true once connected, false while still connecting; throws the failure.
    super::set_fn(ctx, &o, "connectResult", |ctx: Ctx<'js>, socket: u32| {
        unless_eagain(&ctx, knet::connect_result(socket)).map(|done| done.is_some())
    })?;
    super::set_fn(ctx, &o, "shutdown", |ctx: Ctx<'js>, socket: u32| {
        call(&ctx, knet::shutdown(socket))
    })?;
    super::set_fn(ctx, &o, "reset", |ctx: Ctx<'js>, socket: u32| {
        call(&ctx, knet::reset(socket))
    })?;
    super::set_fn(ctx, &o, "localAddress", |ctx: Ctx<'js>, socket: u32| {
        let address = call(&ctx, knet::local_address(socket))?;
        address_object(&ctx, address)
    })?;
    super::set_fn(ctx, &o, "peerAddress", |ctx: Ctx<'js>, socket: u32| {
        let address = call(&ctx, knet::peer_address(socket))?;
        address_object(&ctx, address)
    })?;
    // A bound UDP socket's descriptor.
    super::set_fn(
        ctx,
        &o,
        "udpBind",
        |ctx: Ctx<'js>, address: String, port: u16| call(&ctx, knet::udp_bind(&address, port)),
    )?;
    super::set_fn(
        ctx,
        &o,
        "sendTo",
        |ctx: Ctx<'js>, socket: u32, data: TypedArray<'js, u8>, address: String, port: u16| {
            let data: &[u8] = super::bytes(&data);
            call(&ctx, knet::send_to(socket, data, &address, port))
        },
    )?;
    // The oldest queued datagram as `{ data, address, port, family }`, or null when none.
    super::set_fn(
        ctx,
        &o,
        "recvFrom",
        |ctx: Ctx<'js>, socket: u32, max_len: u32| -> Result<Value<'js>> {
            match unless_eagain(&ctx, knet::recv_from(socket, max_len))? {
                Some(datagram) => {
                    let message = address_object(&ctx, datagram.sender)?;
                    message.set(
                        "data",
                        TypedArray::<u8>::new_copy(ctx.clone(), datagram.data)?,
                    )?;
                    Ok(message.into_value())
                }
                None => Ok(Value::new_null(ctx)),
            }
        },
    )?;
    // The addresses of a host name, IPv4 first: `[{ address, family }]`.
    super::set_fn(ctx, &o, "resolve", |ctx: Ctx<'js>, host: String| {
        let addresses = call(&ctx, knet::resolve(&host))?;
        addresses
            .into_iter()
            .map(|address| {
                let object = Object::new(ctx.clone())?;
                object.set("address", address.address)?;
                object.set("family", family_name(address.family))?;
                Ok(object)
            })
            .collect::<Result<Vec<_>>>()
    })?;
    Ok(o)
}
