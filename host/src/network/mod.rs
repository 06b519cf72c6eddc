//! The host's half of networking. The kernel's socket table ([`secure_exec_kernel::net`])
//! owns the virtual loopback and the permission checks; this module gives it the real
//! network ([`host_network`]), and gives the embedder its ways into guests' servers:
//! [`fetch`], [`listener`] (waiting for a guest to listen) and [`publish`] (forwarding a
//! port of the host's loopback to a guest's listener). [`socket_io`] adapts kernel sockets
//! to tokio for all of them.

pub mod fetch;
pub mod host_network;
pub mod listener;
pub mod publish;
pub mod socket_io;
