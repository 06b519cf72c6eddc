//! `secure-exec:kernel/net` for one process: socket calls answered by the kernel's socket
//! table, and the sockets they make installed in the process's descriptor table.

use super::bindings::{Errno, net};
use super::process::{ProcessState, wit_errno};
use secure_exec_kernel::fd_table::{Endpoint, OpenFileDescription};
use secure_exec_kernel::net::{Socket, SocketAddress};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

fn inet_address(address: SocketAddr) -> net::SocketAddress {
    net::SocketAddress {
        address: address.ip().to_string(),
        port: address.port(),
        family: match address.ip() {
            IpAddr::V4(_) => net::AddressFamily::Ipv4,
            IpAddr::V6(_) => net::AddressFamily::Ipv6,
        },
    }
}

fn socket_address(address: SocketAddress) -> net::SocketAddress {
    match address {
        SocketAddress::Inet(address) => inet_address(address),
        SocketAddress::Unix(path) => net::SocketAddress {
            address: path.as_deref().unwrap_or_default().to_string(),
            port: 0,
            family: net::AddressFamily::Unix,
        },
    }
}

/// A numeric address and port; `einval` for anything else (names go through `resolve`).
fn parse(address: &str, port: u16) -> Result<SocketAddr, Errno> {
    let ip: IpAddr = address.parse().map_err(|_| Errno::Einval)?;
    Ok(SocketAddr::new(ip, port))
}

impl ProcessState {
    fn install_socket(&self, socket: Socket) -> Result<u32, Errno> {
        let description = OpenFileDescription::stream(Endpoint::Socket(socket), "socket:");
        self.fs(|fs| fs.install(Arc::new(description)))
    }

    /// Runs `call` on the socket behind `fd` (`enotsock` when it is not one).
    fn with_socket<T>(
        &self,
        fd: u32,
        call: impl FnOnce(&Socket) -> Result<T, Errno>,
    ) -> Result<T, Errno> {
        let description = self.description(fd)?;
        call(description.as_socket().map_err(wit_errno)?)
    }
}

impl net::Host for ProcessState {
    fn listen(
        &mut self,
        address: String,
        port: u16,
        backlog: u32,
        reuse_port: bool,
    ) -> Result<u32, Errno> {
        let address = parse(&address, port)?;
        let listener = self
            .kernel
            .net()
            .listen(address, backlog as usize, reuse_port)
            .map_err(wit_errno)?;
        self.install_socket(Socket::Listener(listener))
    }

    fn listen_unix(&mut self, path: String, backlog: u32) -> Result<u32, Errno> {
        let listener = self.fs(|fs| fs.listen_unix(&path, backlog as usize))?;
        self.install_socket(Socket::Listener(listener))
    }

    fn connect_unix(&mut self, path: String) -> Result<u32, Errno> {
        let stream = self.fs(|fs| fs.connect_unix(&path))?;
        self.install_socket(Socket::Stream(stream))
    }

    fn accept(&mut self, listener: u32) -> Result<u32, Errno> {
        let connection = self.with_socket(listener, |socket| match socket {
            Socket::Listener(listener) => listener.accept().map_err(wit_errno),
            _ => Err(Errno::Einval),
        })?;
        self.install_socket(Socket::Stream(connection))
    }

    fn connect(
        &mut self,
        address: String,
        port: u16,
        tls_server_name: Option<String>,
    ) -> Result<u32, Errno> {
        let destination = parse(&address, port)?;
        let stream = self.kernel.net().connect(destination, tls_server_name);
        self.install_socket(Socket::Stream(stream))
    }

    fn connect_result(&mut self, socket: u32) -> Result<(), Errno> {
        self.with_socket(socket, |socket| match socket {
            Socket::Stream(stream) => stream.connect_result().map_err(wit_errno),
            _ => Err(Errno::Einval),
        })
    }

    fn shutdown(&mut self, socket: u32) -> Result<(), Errno> {
        self.with_socket(socket, |socket| match socket {
            Socket::Stream(stream) => {
                stream.shutdown();
                Ok(())
            }
            _ => Err(Errno::Enotconn),
        })
    }

    fn reset(&mut self, socket: u32) -> Result<(), Errno> {
        self.with_socket(socket, |socket| match socket {
            Socket::Stream(stream) => {
                stream.reset();
                Ok(())
            }
            _ => Err(Errno::Enotconn),
        })
    }

    fn local_address(&mut self, socket: u32) -> Result<net::SocketAddress, Errno> {
        self.with_socket(socket, |socket| Ok(socket_address(socket.local_address())))
    }

    fn peer_address(&mut self, socket: u32) -> Result<net::SocketAddress, Errno> {
        self.with_socket(socket, |socket| match socket {
            Socket::Stream(stream) => stream.peer_address().map(socket_address).map_err(wit_errno),
            _ => Err(Errno::Enotconn),
        })
    }

    fn udp_bind(&mut self, address: String, port: u16) -> Result<u32, Errno> {
        let address = parse(&address, port)?;
        let socket = self
            .kernel
            .net()
            .bind_datagram(address)
            .map_err(wit_errno)?;
        self.install_socket(Socket::Datagram(socket))
    }

    fn send_to(
        &mut self,
        socket: u32,
        data: Vec<u8>,
        address: String,
        port: u16,
    ) -> Result<(), Errno> {
        let destination = parse(&address, port)?;
        let kernel = self.kernel.clone();
        self.with_socket(socket, |socket| match socket {
            Socket::Datagram(datagram) => kernel
                .net()
                .send_datagram(datagram, &data, destination)
                .map_err(wit_errno),
            _ => Err(Errno::Einval),
        })
    }

    fn recv_from(&mut self, socket: u32, max_len: u32) -> Result<net::Datagram, Errno> {
        self.with_socket(socket, |socket| match socket {
            Socket::Datagram(datagram) => {
                let (data, sender) = datagram.receive(max_len as usize).map_err(wit_errno)?;
                Ok(net::Datagram {
                    data,
                    sender: inet_address(sender),
                })
            }
            _ => Err(Errno::Einval),
        })
    }

    async fn resolve(&mut self, host: String) -> Result<Vec<net::SocketAddress>, Errno> {
        let kernel = self.kernel.clone();
        let addresses = kernel.net().resolve(&host).await.map_err(wit_errno)?;
        Ok(addresses
            .into_iter()
            .map(|ip| inet_address(SocketAddr::new(ip, 0)))
            .collect())
    }
}
