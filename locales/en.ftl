## English. Inserted values are formatted and HTML-escaped in code.

## Commands
cmd-start = Start, main menu
cmd-report = Report the month's figures
cmd-status = Your board's reporting status
cmd-cancel = Cancel what you are doing
cmd-whoami = Who am I, my roles
cmd-lang = Change language
cmd-help = Help
cmd-summary = Bloc summary of the figures
cmd-ballots = Ballots
cmd-boards = List the boards
cmd-invite = Create an invitation
cmd-addboard = Add a board
cmd-renameboard = Rename a board
cmd-retireboard = Retire a board
cmd-mergeboard = Merge two boards
cmd-reload = Reload the bloc file
cmd-schedule = Reporting and reminder schedule
cmd-nudge = Remind the boards still missing now
cmd-unreachable = People the bot cannot reach
cmd-lock = Lock a reporting period
cmd-newballot = Create a ballot
cmd-import = Import figures of earlier years

## General
error-generic = Sorry, something went wrong. Please try again in a few minutes.
not-allowed = You are not allowed to use this.
private-only = Please use this command in a private chat with the bot.
button-expired = This button is no longer valid.
unknown-command = There is no such command. Send /help to see the commands.
unhandled-private = I did not understand that. Send /help to see the commands.

## Roles
role-admin = Administrator
role-secretariat = Bloc secretariat
role-focal = Focal person
role-head = Board head
roles-none = You have no role yet. Ask an administrator for an invitation link.
board-status-active = active
board-status-retired = retired
board-status-merged = merged

## /start, /help, /whoami, /lang
start-welcome = Hello <b>{ $name }</b>! I am the bot of the emulation bloc of industrial and economic zone authorities.
start-your-roles = Your roles:
start-help-hint = Send /help to see what you can do.
help-everyone =
    <b>For everyone</b>
    /start — main menu
    /whoami — your roles
    /lang — change language (Tiếng Việt / English)
    /cancel — cancel what you are doing
help-board =
    <b>For boards</b>
    /report — report the month's figures (pasting a whole table works too)
    /status — your board's reporting status
help-secretariat =
    <b>For the bloc secretariat</b>
    /summary — bloc summary (e.g. /summary 2026-10, /summary Q3 2026, /summary 2026)
    /newballot — create a ballot; /ballots — list them
help-admin =
    <b>For administrators</b>
    /boards — list boards; /addboard, /renameboard, /retireboard, /mergeboard
    /invite — create an invitation; /linkgroup — send in the group to link the bloc's group
    /reload — reload the bloc file
whoami-head = <b>{ $name }</b> (Telegram ID <code>{ $id }</code>)
lang-choose = Chọn ngôn ngữ / Choose a language:
lang-name-vi = Tiếng Việt
lang-name-en = English
lang-set = Language set to English.

## Menu
menu-report = 📝 Report figures
menu-status = 📊 Reporting status
menu-boards = 🏢 Boards
menu-invite = ✉️ Create invitation
menu-lang = 🌐 Language

## Invitations
invite-unknown = This invitation code is not valid. Check the link or ask an administrator for a new one.
invite-used = This invitation has already been used. Each invitation link works once.
invite-expired = This invitation has expired. Ask an administrator for a new link.
invite-board-inactive = The board of this invitation is no longer active.
invite-too-many = Too many wrong invitation codes. Please try again in an hour.
invite-welcome =
    Welcome! You are registered as <b>{ $role }</b>{ $hasBoard ->
        [yes] {" "}of <b>{ $board }</b>
       *[no] {""}
    }.
invite-choose-board = Invite someone for which board?
invite-bloc-roles = Secretariat / Administrator
invite-choose-role = With which role?
invite-usage = Usage: <code>/invite BOARD_CODE focal|head</code> or <code>/invite - secretariat|admin</code>, or just <code>/invite</code> to choose with buttons.
invite-link =
    Invitation as <b>{ $role }</b>{ $hasBoard ->
        [yes] {" "}for <b>{ $board }</b>
       *[no] {""}
    }:
    { $link }
    Send this link to the right person only. It works once and expires at { $expires }.

## Boards
boards-head = <b>Boards</b> ({ $count } active):
boards-help = Add: /addboard; rename: /renameboard; retire: /retireboard; merge: /mergeboard
addboard-usage = Usage: <code>/addboard CODE | Short name | Full name</code>, e.g. <code>/addboard HB | Hòa Bình | Ban Quản lý các KCN Hòa Bình</code>
renameboard-usage = Usage: <code>/renameboard CODE | New name</code>
retireboard-usage = Usage: <code>/retireboard CODE</code>
mergeboard-usage = Usage: <code>/mergeboard OLD_CODE NEW_CODE</code> (the old board is merged into the new one; the codes must differ)
board-exists = There is already a board with code <code>{ $code }</code>.
board-added = Added <code>{ $code }</code>: { $name }.
board-not-found = No board <code>{ $code }</code>. Send /boards to see the codes.
board-same-name = The new name is the current one; nothing changed.
board-not-active = Board <code>{ $code }</code> is no longer active.
board-renamed = Renamed “{ $old }” to “{ $name }”. The name history is kept.
board-retired = { $name } is retired. Its figures are kept.
board-merged = Merged <code>{ $from }</code> into <code>{ $into }</code>. The figures are kept.

## Group and configuration
linkgroup-in-group = Send this command in the bloc's group chat.
linkgroup-done = The group “{ $title }” is now the bloc's group.
reload-done = Bloc file reloaded: { $boards } boards, { $indicators } indicators updated.
reload-unchanged = The bloc file has not changed.
reload-failed = Could not load the bloc file: { $error }
