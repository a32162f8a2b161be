"""A D-Bus peer that owns a name and never answers: every method call on any object is taken
and its reply held back for as long as the peer runs, as a hung desktop service does.

Usage: hung_peer.py BUS_NAME CALL_LOG   (DBUS_SESSION_BUS_ADDRESS set; run with
       $SCREENTIME_TESTENV_PYTHON, which has dbus-python)

Each call is appended to CALL_LOG as "Member" on a line of its own, once it has arrived, so a
test can wait for the call instead of for time. SIGTERM ends it.
"""
import sys

import dbus
import dbus.lowlevel
import dbus.mainloop.glib
from gi.repository import GLib


def main():
    name, log_path = sys.argv[1], sys.argv[2]
    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
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
    bus.request_name(name, dbus.bus.NAME_FLAG_DO_NOT_QUEUE)
    GLib.MainLoop().run()


if __name__ == '__main__':
    main()
