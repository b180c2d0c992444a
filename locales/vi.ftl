## Tiếng Việt (mặc định). Giá trị chèn vào đã được định dạng và thoát HTML trong mã.

## Lệnh
cmd-start = Bắt đầu, menu chính
cmd-report = Báo cáo số liệu tháng
cmd-status = Tình hình báo cáo của đơn vị
cmd-cancel = Hủy thao tác đang làm
cmd-whoami = Tôi là ai, vai trò của tôi
cmd-lang = Đổi ngôn ngữ
cmd-help = Hướng dẫn
cmd-summary = Tổng hợp số liệu của Khối
cmd-ballots = Các cuộc bỏ phiếu
cmd-boards = Danh sách các Ban Quản lý
cmd-invite = Tạo lời mời tham gia
cmd-addboard = Thêm Ban Quản lý
cmd-renameboard = Đổi tên Ban Quản lý
cmd-retireboard = Ngừng theo dõi một Ban Quản lý
cmd-mergeboard = Hợp nhất hai Ban Quản lý
cmd-reload = Nạp lại tệp cấu hình Khối
cmd-schedule = Lịch báo cáo và nhắc nhở
cmd-nudge = Nhắc ngay các đơn vị chưa báo cáo
cmd-unreachable = Người bot không liên lạc được
cmd-lock = Khóa kỳ báo cáo
cmd-newballot = Tạo cuộc bỏ phiếu
cmd-import = Nhập số liệu các năm trước

## Chung
error-generic = Xin lỗi, đã có lỗi xảy ra. Vui lòng thử lại sau ít phút.
not-allowed = Bạn không có quyền dùng chức năng này.
private-only = Vui lòng dùng lệnh này trong tin nhắn riêng với bot.
button-expired = Nút này đã hết hiệu lực.
unknown-command = Không có lệnh này. Gõ /help để xem các lệnh.
unhandled-private = Tôi chưa hiểu tin nhắn này. Gõ /help để xem các lệnh.

## Vai trò
role-admin = Quản trị viên
role-secretariat = Thư ký Khối
role-focal = Cán bộ đầu mối
role-head = Lãnh đạo Ban
roles-none = Bạn chưa có vai trò nào. Hãy xin quản trị viên một đường dẫn mời.
board-status-active = đang hoạt động
board-status-retired = đã ngừng
board-status-merged = đã hợp nhất

## /start, /help, /whoami, /lang
start-welcome = Xin chào <b>{ $name }</b>! Tôi là bot của Khối thi đua các Ban Quản lý KCN, KKT.
start-your-roles = Vai trò của bạn:
start-help-hint = Gõ /help để xem bạn có thể làm gì.
help-everyone =
    <b>Lệnh chung</b>
    /start — menu chính
    /whoami — vai trò của bạn
    /lang — đổi ngôn ngữ (Tiếng Việt / English)
    /cancel — hủy thao tác đang làm
help-board =
    <b>Cho đơn vị</b>
    /report — báo cáo số liệu tháng (có thể dán cả bảng)
    /status — tình hình báo cáo của đơn vị
help-secretariat =
    <b>Cho Thư ký Khối</b>
    /summary — tổng hợp số liệu (ví dụ: /summary 2026-10, /summary Q3 2026, /summary 2026)
    /newballot — tạo cuộc bỏ phiếu; /ballots — danh sách
help-admin =
    <b>Cho quản trị viên</b>
    /boards — danh sách Ban Quản lý; /addboard, /renameboard, /retireboard, /mergeboard
    /invite — tạo lời mời; /linkgroup — gửi trong nhóm để liên kết nhóm của Khối
    /reload — nạp lại tệp cấu hình Khối
whoami-head = <b>{ $name }</b> (Telegram ID <code>{ $id }</code>)
lang-choose = Chọn ngôn ngữ / Choose a language:
lang-name-vi = Tiếng Việt
lang-name-en = English
lang-set = Đã chuyển sang Tiếng Việt.

## Menu
menu-report = 📝 Báo cáo số liệu
menu-status = 📊 Tình hình báo cáo
menu-boards = 🏢 Các Ban Quản lý
menu-invite = ✉️ Tạo lời mời
menu-lang = 🌐 Ngôn ngữ

## Lời mời
invite-unknown = Mã mời không hợp lệ. Vui lòng kiểm tra lại đường dẫn hoặc xin quản trị viên một đường dẫn mới.
invite-used = Mã mời này đã được sử dụng. Mỗi đường dẫn mời chỉ dùng được một lần.
invite-expired = Mã mời này đã hết hạn. Vui lòng xin quản trị viên một đường dẫn mới.
invite-board-inactive = Ban Quản lý của lời mời này không còn hoạt động.
invite-too-many = Bạn đã thử quá nhiều mã mời không đúng. Vui lòng thử lại sau một giờ.
invite-welcome =
    Chào mừng! Bạn đã được đăng ký với vai trò <b>{ $role }</b>{ $hasBoard ->
        [yes] {" "}của <b>{ $board }</b>
       *[no] {""}
    }.
invite-choose-board = Mời người cho Ban Quản lý nào?
invite-bloc-roles = Thư ký Khối / Quản trị viên
invite-choose-role = Với vai trò nào?
invite-usage = Cách dùng: <code>/invite MÃ_BAN focal|head</code> hoặc <code>/invite - secretariat|admin</code>, hoặc chỉ <code>/invite</code> để chọn bằng nút.
invite-link =
    Lời mời <b>{ $role }</b>{ $hasBoard ->
        [yes] {" "}cho <b>{ $board }</b>
       *[no] {""}
    }:
    { $link }
    Gửi đường dẫn này cho đúng người. Dùng được một lần, hết hạn lúc { $expires }.

## Ban Quản lý
boards-head = <b>Các Ban Quản lý</b> ({ $count } đang hoạt động):
boards-help = Thêm: /addboard; đổi tên: /renameboard; ngừng: /retireboard; hợp nhất: /mergeboard
addboard-usage = Cách dùng: <code>/addboard MÃ | Tên ngắn | Tên đầy đủ</code>, ví dụ <code>/addboard HB | Hòa Bình | Ban Quản lý các KCN Hòa Bình</code>
renameboard-usage = Cách dùng: <code>/renameboard MÃ | Tên mới</code>
retireboard-usage = Cách dùng: <code>/retireboard MÃ</code>
mergeboard-usage = Cách dùng: <code>/mergeboard MÃ_CŨ MÃ_MỚI</code> (Ban cũ được hợp nhất vào Ban mới; hai mã phải khác nhau)
board-exists = Đã có Ban Quản lý mã <code>{ $code }</code>.
board-added = Đã thêm <code>{ $code }</code>: { $name }.
board-not-found = Không tìm thấy Ban Quản lý <code>{ $code }</code>. Gõ /boards để xem các mã.
board-same-name = Tên mới giống tên hiện tại, không có gì thay đổi.
board-not-active = Ban Quản lý <code>{ $code }</code> không còn hoạt động.
board-renamed = Đã đổi tên «{ $old }» thành «{ $name }». Lịch sử tên được lưu lại.
board-retired = Đã ngừng theo dõi { $name }. Số liệu cũ vẫn được giữ.
board-merged = Đã hợp nhất <code>{ $from }</code> vào <code>{ $into }</code>. Số liệu cũ vẫn được giữ.

## Nhóm và cấu hình
linkgroup-in-group = Hãy gửi lệnh này trong nhóm chung của Khối.
linkgroup-done = Đã liên kết nhóm «{ $title }» làm nhóm chung của Khối.
reload-done = Đã nạp lại tệp cấu hình: { $boards } Ban Quản lý, { $indicators } chỉ tiêu được cập nhật.
reload-unchanged = Tệp cấu hình không thay đổi.
reload-failed = Không nạp được tệp cấu hình: { $error }
