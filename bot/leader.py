"""Several Mujaz instances on one PostgreSQL: exactly one, the leader, polls Telegram and pushes.

The leader is whoever holds a PostgreSQL session advisory lock
(``pg_try_advisory_lock(LEADER_LOCK)``), taken on a connection of its own:
not the store's, which runs transactions and may be reconnected (a new
session would silently drop the lock). The lock lives exactly as long as
that session, so a leader killed with SIGKILL loses it the moment the server
sees the socket close. A follower tries again every ``RETRY_SECONDS``;
when it wins it sets the command menus, rebuilds the push jobs from the
store (the delivery log decides which parts are still to send) and starts
polling (or its webhook server). Every instance, leader or not, ingests the
drop zone: file claims in the store keep a file from being ingested twice.

The leader checks its lock connection every ``CHECK_SECONDS``; if a check
fails or does not answer within ``CHECK_TIMEOUT`` it stops polling and
pushing at once and becomes a follower again (and leads again when it wins
the lock back). So that two never lead at once, an instance that wins the
lock waits that long (plus a margin) before it leads: an old leader whose
session the server ended has stopped by then, and one cut off from the
server steps down before the server notices and frees the lock
(``LOCK_CONNECT_ARGS``).

On SQLite there is one instance, always the leader: ``bot.cli`` keeps the
plain ``run_polling``/``run_webhook`` start-up there.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable

import sqlalchemy as sa
from telegram import Update
from telegram.ext import Application

from bot.app import set_command_menus
from bot.config import Webhook
from bot.push.sender import PushSender
from db.database import engine_url, safe_target

logger = logging.getLogger(__name__)

# Any fixed number, different from the migration lock (db/migrate.py).
LEADER_LOCK = 0x6D756A617A_01
# A follower tries to take the lock this often: a dead leader's successor
# leads within this long of the lock's release plus the handover wait
# (2 + 3 + 1 s): at most 11 s after a kill -9 (goal: under 30 s).
RETRY_SECONDS = 5.0
# The leader checks that its lock session is alive this often, and treats a
# check unanswered after CHECK_TIMEOUT as a lost lock.
CHECK_SECONDS = 2.0
CHECK_TIMEOUT = 3.0
# Added to CHECK_SECONDS + CHECK_TIMEOUT: the wait between winning the lock and
# leading (see AdvisoryLeadership.acquire).
HANDOVER_MARGIN = 1.0
# The lock connection's settings. A kill -9 or a crash closes the socket and
# the server frees the lock at once. A half-open TCP connection (the leader's
# machine lost power, a network cut) would otherwise keep the session, and
# the lock, for the kernel's default two hours: the server's TCP keepalives
# (idle 5 s, then 3 probes 2 s apart) and tcp_user_timeout (unacknowledged
# data for 10 s) end such a session within about 11 s. idle_session_timeout
# ends a session whose client is alive on the wire but silent for 20 s (a
# frozen process: the leader talks every CHECK_SECONDS). The client side
# gets the same keepalives, and the leader steps down after at most
# CHECK_SECONDS + CHECK_TIMEOUT = 5 s of silence: well before the server
# could hand the lock on. A Unix socket ignores the TCP settings (the local
# kernel reports a dead peer at once).
SERVER_OPTIONS = (
    "-c tcp_keepalives_idle=5 -c tcp_keepalives_interval=2 -c tcp_keepalives_count=3 "
    "-c tcp_user_timeout=10000 -c idle_session_timeout=20000"
)
LOCK_CONNECT_ARGS = {
    "application_name": "mujaz-leader",
    "connect_timeout": 5,
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 3,
    "tcp_user_timeout": 10000,
    "options": SERVER_OPTIONS,
}


class AdvisoryLeadership:
    """The leader lock on one PostgreSQL database, held on a connection of its own."""

    def __init__(
        self,
        target: str,
        *,
        key: int = LEADER_LOCK,
        retry: float = RETRY_SECONDS,
        check: float = CHECK_SECONDS,
        timeout: float = CHECK_TIMEOUT,
    ) -> None:
        self._target = target
        self._key = key
        self._retry = retry
        self._check = check
        self._timeout = timeout
        self._engine = sa.create_engine(
            engine_url(target),
            poolclass=sa.pool.NullPool,
            isolation_level="AUTOCOMMIT",
            connect_args=LOCK_CONNECT_ARGS,
        )
        self._connection: sa.Connection | None = None
        self._complained = False

    def try_lead(self) -> bool:
        """Take the lock if it is free (blocking); return whether this instance holds it now."""
        try:
            if self._connection is None:
                self._connection = self._engine.connect()
            taken = self._connection.execute(
                sa.text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key}
            ).scalar()
        except sa.exc.DBAPIError as error:
            if not self._complained:  # once per outage, not every RETRY_SECONDS
                logger.warning(
                    "leader: cannot reach MUJAZ_DB %s for the leader lock (%s); retrying",
                    safe_target(self._target),
                    str(error.orig or error).splitlines()[0],
                )
                self._complained = True
            self._drop()
            return False
        self._complained = False
        return bool(taken)

    def alive(self) -> bool:
        """Return whether the lock session still answers (blocking); the lock lives with it."""
        connection = self._connection
        if connection is None:
            return False
        try:
            connection.execute(sa.text("SELECT 1"))
        except sa.exc.DBAPIError:
            return False
        return True

    @property
    def handover(self) -> float:
        """Return the seconds between winning the lock and leading."""
        return self._check + self._timeout + HANDOVER_MARGIN

    async def acquire(self) -> None:
        """Return once this instance holds the lock and no earlier leader can still be at work.

        The lock is tried every retry seconds. Once won, the new leader waits
        ``handover`` seconds before it leads: the server may have freed the
        lock by ending the old leader's session (pg_terminate_backend,
        idle_session_timeout, a restart) while that leader still polls, and
        it notices within one check and its timeout and stops.
        """
        while True:
            while not await asyncio.to_thread(self.try_lead):
                await asyncio.sleep(self._retry)
            await asyncio.sleep(self.handover)
            if await asyncio.to_thread(self.alive):
                return
            self._drop()

    async def lost(self) -> None:
        """Return when the lock session is gone or stops answering (the lock is then dropped)."""
        while True:
            await asyncio.sleep(self._check)
            try:
                alive = await asyncio.wait_for(asyncio.to_thread(self.alive), self._timeout)
            except TimeoutError:
                alive = False
            if not alive:
                self._drop()
                return

    def close(self) -> None:
        """Release the lock (by ending its session) and the engine."""
        self._drop()
        self._engine.dispose()

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):  # a broken connection: only its socket to close
                connection.invalidate()
                connection.close()


def serve_shared(app: Application, hook: Webhook | None, leadership: AdvisoryLeadership) -> None:
    """Run the bot as one of several instances until SIGINT/SIGTERM: ingest always, lead by lock."""
    asyncio.run(run_shared(app, hook, leadership))


async def run_shared(
    app: Application,
    hook: Webhook | None,
    leadership: AdvisoryLeadership,
    stop: asyncio.Event | None = None,
) -> None:
    """Serve app: the drop zone at once, polling and the push while holding the leader lock."""
    stop = stop or _stop_on_signals()
    zone = app.bot_data.dropzone
    await app.initialize()
    try:
        await app.start()  # the job queue and update processing; no polling yet
        await zone.start(app)
        logger.info("leader: waiting for the leader lock (another instance may lead)")
        while await _before(leadership.acquire(), stop):
            logger.info("leader: this instance leads: it polls Telegram and runs the daily push")
            await lead(app, hook)
            lost = await _before(leadership.lost(), stop)
            if lost:
                logger.warning(
                    "leader: the leader lock's connection is gone: "
                    "this instance stops polling and pushing and waits to lead again"
                )
            await step_down(app)
            if not lost:
                break
    finally:
        await zone.stop(app)
        if app.running:
            await app.stop()
        await app.shutdown()
        leadership.close()


async def lead(app: Application, hook: Webhook | None) -> None:
    """Start what only the leader does: menus, the push (from the store) and polling."""
    await set_command_menus(app)
    await app.bot_data.sender.start()
    app.bot_data.push.start()
    if hook is None:
        await app.updater.start_polling(allowed_updates=Update.ALL_TYPES)
        return
    await app.updater.start_webhook(
        listen=hook.host,
        port=hook.port,
        url_path=hook.path,
        webhook_url=hook.url,
        secret_token=hook.secret,
        allowed_updates=Update.ALL_TYPES,
    )


async def step_down(app: Application) -> None:
    """Stop polling and pushing now; a fresh sender waits for the next time this instance leads.

    No push job runs from here on and no new message is taken from the push
    queue; sends already on the wire finish and are logged.
    """
    app.bot_data.push.stop()
    stopping = [app.bot_data.sender.stop()]
    if app.updater.running:
        stopping.append(app.updater.stop())
    await asyncio.gather(*stopping)
    app.bot_data.sender = PushSender(app.bot, app.bot_data.store)


async def _before(awaitable: Awaitable[None], stop: asyncio.Event) -> bool:
    """Wait for awaitable or stop; return True if awaitable finished first."""
    task = asyncio.ensure_future(awaitable)
    stopping = asyncio.ensure_future(stop.wait())
    await asyncio.wait((task, stopping), return_when=asyncio.FIRST_COMPLETED)
    for pending in (task, stopping):
        if not pending.done():
            pending.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pending
    if not task.done() or task.cancelled():
        return False
    task.result()  # a bug in the lock code is raised, not taken for a stop
    return True


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # not on Windows' loop
            loop.add_signal_handler(signum, stop.set)
    return stop
