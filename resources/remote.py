"""What FTPS and SFTP servers share: credentials from the environment, and uploads that the
receiver never sees half-written."""

from __future__ import annotations

import socket

import dagster as dg

from resources.landing import TransportError


def secret(env_name: str, what: str, where: str) -> str:
    """A credential from the environment (through Dagster's EnvVar); the error names the variable,
    never a value."""
    value = dg.EnvVar(env_name).get_value()
    if not value:
        raise TransportError(f"{where}: environment variable {env_name} ({what}) is not set")
    return value


def enable_tcp_keepalive(sock: socket.socket, idle_seconds: int) -> None:
    """Keep an idle control connection alive through NAT and firewalls during long transfers."""
    if idle_seconds <= 0:
        return
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    for option, value in (
        ("TCP_KEEPIDLE", idle_seconds),
        ("TCP_KEEPINTVL", idle_seconds),
        ("TCP_KEEPCNT", 4),
    ):
        if hasattr(socket, option):
            sock.setsockopt(socket.IPPROTO_TCP, getattr(socket, option), value)


def temporary_name(name: str) -> str:
    """The name a file is uploaded under before its rename: a leading dot and a .part suffix, which
    no receiver pattern matches."""
    return f".{name}.part"
