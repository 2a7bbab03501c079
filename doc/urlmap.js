// Base URLs of the dependencies' reference manuals, so that links such as
// [struct@GLib.MainContext] or [iface@Gio.AsyncResult] leave this manual.
baseURLs = [
    [ 'GLib', 'https://docs.gtk.org/glib/' ],
    [ 'GObject', 'https://docs.gtk.org/gobject/' ],
    [ 'Gio', 'https://docs.gtk.org/gio/' ],
]
