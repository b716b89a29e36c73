// Types only (global.d.ts: the script-tag global `OT`); nothing at run time.
