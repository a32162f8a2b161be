"""A D-Bus peer that owns a name and never answers: every method call on any object is taken
and its reply held back for as long as the peer runs, as a hung desktop service does.

Usage: hung_peer.py [--system] [--replace] BUS_NAME CALL_LOG
       (DBUS_SESSION_BUS_ADDRESS, or with --system DBUS_SYSTEM_BUS_ADDRESS, set; run with
       $SCREENTIME_TESTENV_PYTHON, which has dbus-python)

--system: on the system bus instead of the session bus. --replace: takes the name from its
owner when the owner allows it (the test session's mocks do), as a restarted service would.

Once it owns the name, "owner" is appended to CALL_LOG; then each call is appended as "Member"
on a line of its own, once it has arrived, so a test can wait for the call instead of for
time. SIGTERM ends it.
"""
import os
import sys

import dbus
import dbus.lowlevel
import dbus.mainloop.glib
from gi.repository import GLib


def main():
    options = [argument for argument in sys.argv[1:] if argument.startswith('--')]
    name, log_path = [argument for argument in sys.argv[1:] if not argument.startswith('--')]
    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    if '--system' in options:
        bus = dbus.bus.BusConnection(os.environ['DBUS_SYSTEM_BUS_ADDRESS'])
    else:
        bus = dbus.SessionBus()
    held = []  # the calls, kept so that nothing answers them

    def on_message(_connection, message):
        if not isinstance(message, dbus.lowlevel.MethodCallMessage):
            return dbus.lowlevel.HANDLER_RESULT_NOT_YET_HANDLED
        if message.get_destination() != name:
            return dbus.lowlevel.HANDLER_RESULT_NOT_YET_HANDLED
        held.append(message)
        with open(log_path, 'a', encoding='utf-8') as log:
            log.write(f'{message.get_member()}\n')
        # Handled: else libdbus itself would answer UnknownMethod.
        return dbus.lowlevel.HANDLER_RESULT_HANDLED

    bus.add_message_filter(on_message)
    flags = dbus.bus.NAME_FLAG_DO_NOT_QUEUE
    if '--replace' in options:
        flags |= dbus.bus.NAME_FLAG_REPLACE_EXISTING
    if bus.request_name(name, flags) != dbus.bus.REQUEST_NAME_REPLY_PRIMARY_OWNER:
        sys.exit(f'hung_peer.py: cannot own {name}')
    with open(log_path, 'a', encoding='utf-8') as log:
        log.write('owner\n')
    GLib.MainLoop().run()


if __name__ == '__main__':
    main()
