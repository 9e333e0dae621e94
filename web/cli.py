"""``kg serve``: the web app under waitress (a production WSGI server, not Flask's debug one).

The port is bound before the models load, so a port in use is a one-line error at once,
not a traceback after the warm-up.
"""

from __future__ import annotations

import ipaddress
import logging

import click

from kg.cli import kg_errors

LOOPBACK_NAMES = {"localhost", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind (other than loopback needs KG_WEB_TOKEN to add documents).",
)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Worker threads.")
@click.pass_context
@kg_errors
def serve(ctx: click.Context, host: str, port: int, threads: int) -> None:
    """Serve the web UI, the JSON API and the SPARQL endpoint.

    Example: kg serve --port 5000
    """
    from waitress import create_server

    from .app import create_app
    from .state import warm

    app = create_app({**(ctx.obj or {}), "KG_SERVE_HOST": host})
    if not is_loopback(host) and not app.config["KG_WEB_TOKEN"]:
        click.echo(
            "note: adding documents from the web is disabled: set KG_WEB_TOKEN to allow it on a non-loopback address",
            err=True,
        )
    names = app.config["HOST_NAMES"]
    if names is not None and not is_loopback(host):
        click.echo(
            f"note: only requests for {', '.join(names)} are answered: set KG_ALLOWED_HOSTS to the "
            f"names clients use for this server",
            err=True,
        )
    try:
        server = create_server(app, host=host, port=port, threads=threads, ident="vnkg")
    except OSError as err:
        raise click.ClickException(
            f"cannot listen on {host}:{port}: {err.strerror or err}; "
            f"is another server using it? Choose another with --port"
        ) from None
    click.echo("loading the knowledge base and models...", err=True)
    warm(app)
    logging.basicConfig()  # waitress reports its queue and errors through logging
    click.echo(f"serving on http://{host}:{port}/  (Ctrl-C stops)", err=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
