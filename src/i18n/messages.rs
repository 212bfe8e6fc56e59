use super::Locale;

/// Declares the message keys with their English and Chinese text side by side, so a missing
/// translation is a compile error rather than a blank on screen.
macro_rules! messages {
    ($($key:ident => $en:literal, $zh:literal;)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg { $($key),+ }

        impl Msg {
            pub fn text(self, locale: Locale) -> &'static str {
                match (self, locale) {
                    $((Msg::$key, Locale::En) => $en, (Msg::$key, Locale::Zh) => $zh,)+
                }
            }
        }
    };
}

messages! {
    AppName => "Roundtrip", "Roundtrip 旅客关系";
    SkipToContent => "Skip to main content", "跳到主要内容";
    MainNav => "Main navigation", "主导航";
    NavCustomers => "Customers", "客户";
    SignIn => "Sign in", "登录";
    SigningIn => "Signing in…", "正在登录…";
    SignInTitle => "Sign in to Roundtrip", "登录 Roundtrip";
    SignInIntro => "One traveller, every channel.", "一位旅客，全渠道一张画像。";
    Username => "Username", "用户名";
    Password => "Password", "密码";
    SignOut => "Sign out", "退出登录";
    WrongCredentials => "Wrong username or password.", "用户名或密码错误。";
    FieldRequired => "Please fill in this field.", "请填写此项。";
    Language => "Language", "语言";
    SwitchLanguage => "中文", "English";
    SwitchLanguageLabel => "Switch to Chinese", "切换为英文";
    RoleAdmin => "Administrator", "管理员";
    RoleManager => "Manager", "经理";
    RoleStaff => "Store staff", "门店顾问";
    AllStores => "All stores", "全部门店";
    Loading => "Loading…", "加载中…";
    Retry => "Try again", "重试";
    ErrorNetwork => "Cannot reach the server. Check the connection and try again.", "无法连接服务器，请检查网络后重试。";
    ErrorServer => "The server could not complete the request.", "服务器未能完成请求。";
    ErrorNotFound => "Not found, or not in your store's scope.", "未找到，或不在您门店的权限范围内。";
    ErrorSession => "Your session has ended. Please sign in again.", "登录已失效，请重新登录。";
    ErrorInput => "The request was not accepted:", "请求未被接受：";
    PageNotFound => "This page does not exist.", "页面不存在。";
    BackToCustomers => "Back to customers", "返回客户列表";
    CustomersTitle => "Customers", "客户";
    SearchLabel => "Search customers", "搜索客户";
    SearchPlaceholder => "Name, phone or last 4 digits, email, member ID", "姓名、手机号或尾号4位、邮箱、会员号";
    Search => "Search", "搜索";
    ClearSearch => "Clear", "清除";
    FilterSegment => "Segment", "客群";
    FilterTier => "Tier", "会员等级";
    FilterLifecycle => "Lifecycle", "生命周期";
    FilterPresence => "Channels", "渠道覆盖";
    Any => "Any", "全部";
    ColName => "Name", "姓名";
    ColPhone => "Phone", "手机";
    ColSegment => "Segment", "客群";
    ColTier => "Tier", "等级";
    ColLifecycle => "Lifecycle", "生命周期";
    ColChannels => "Channels", "渠道";
    ColStore => "Home store", "所属门店";
    ColChurn => "Churn risk", "流失风险";
    ColLastActive => "Last active", "最近活跃";
    ResultsCount => "customers", "位客户";
    NoCustomers => "No customers match. Try a different name, phone tail or filter.", "没有匹配的客户。请换个姓名、手机尾号或筛选条件。";
    PrevPage => "Previous", "上一页";
    NextPage => "Next", "下一页";
    PageOf => "Page", "页码";
    OnlineOnly => "Online only", "仅线上";
    OfflineOnly => "Store only", "仅门店";
    BothChannels => "Online + store", "线上+门店";
    Points => "points", "积分";
    LifetimeValue => "Lifetime value", "客户终身价值";
    Rfm => "RFM", "RFM";
    Recency => "Recency", "最近消费";
    Frequency => "Frequency", "消费频次";
    Monetary => "Monetary", "消费金额";
    ChurnRisk => "Churn risk", "流失风险";
    ChurnLow => "Low", "低";
    ChurnHigh => "At risk", "有流失风险";
    NoChurnReasons => "No warning signals.", "暂无预警信号。";
    Nps => "Latest NPS", "最近NPS";
    NotAnswered => "Not answered", "未作答";
    Since => "Customer since", "首次接触";
    Tags => "Tags", "标签";
    NoTags => "No tags yet.", "暂无标签。";
    Identities => "Channel identities", "渠道身份";
    NoIdentities => "No channel identities linked.", "暂无关联的渠道身份。";
    IdentitySource => "Source", "来源";
    FirstSeen => "First seen", "首次出现";
    LastSeen => "Last seen", "最近出现";
    Timeline => "Cross-channel timeline", "跨渠道时间线";
    NoTouchpoints => "No touchpoints recorded.", "暂无触点记录。";
    Promise => "Promise", "承诺";
    Trips => "Trips and orders", "行程与订单";
    NoOrders => "No orders yet.", "暂无订单。";
    Departure => "Departure", "出发";
    Amount => "Amount", "金额";
    Status => "Status", "状态";
    Service => "Service tickets", "服务工单";
    NoTickets => "No service tickets.", "暂无服务工单。";
    Communities => "Communities", "兴趣社群";
    NoCommunities => "Not in any community yet.", "尚未加入任何社群。";
    EventsAttended => "events attended", "次活动参与";
    Joined => "Joined", "加入于";
    OfflineCopy => "Offline: showing the copy saved on this device", "离线：显示本设备保存的副本";
    SavedAt => "saved", "保存于";
    ShowingMore => "Showing", "显示";
    ShowMore => "Show more", "显示更多";
    Of => "of", "/";
    Stage => "Stage", "旅程阶段";
    FilterStore => "Store", "门店";
    FilterTag => "Tag", "标签";
    AtRiskOnly => "Churn risk only", "仅看流失风险";
    SortBy => "Sort by", "排序";
    Apply => "Apply", "应用";
    AddTag => "Add tag", "添加标签";
    NewTag => "New tag", "新标签";
    RemoveTag => "Remove tag", "移除标签";
    Notes => "Notes", "备注";
    NoNotes => "No notes yet.", "暂无备注。";
    NewNote => "New note", "新备注";
    SaveNote => "Save note", "保存备注";
    FollowUps => "Follow-ups", "跟进任务";
    NoFollowUps => "No follow-ups.", "暂无跟进任务。";
    FollowUpTitle => "What to do", "跟进内容";
    DueOn => "Due", "截止日期";
    AddFollowUp => "Add follow-up", "添加跟进";
    MarkDone => "Done", "已完成";
    By => "by", "记录人";
    Saving => "Saving…", "保存中…";
    Saved => "Saved.", "已保存。";
    EditConflict => "Someone else changed this profile since you opened it. Reload to see the latest, then make your change again.", "此客户资料在您打开后已被他人修改。请重新加载查看最新内容后再修改。";
    ReloadProfile => "Reload profile", "重新加载";
    EditsNeedConnection => "This is a saved copy: editing needs a connection.", "当前为本地副本：需联网后才能编辑。";
    InvalidTag => "A tag is 1 to 20 characters, and a customer has at most 30.", "标签为1到20个字符，每位客户最多30个。";
    InvalidNote => "A note is 1 to 2,000 characters.", "备注为1到2000个字符。";
    InvalidFollowUp => "Give the follow-up a title (up to 200 characters) and a due date within two years.", "请填写跟进内容（最多200字）和两年内的截止日期。";
    BeforeArrival => "Before the customer arrives (last 90 days online)", "到店前须知（近90天线上动态）";
    NoBeforeArrival => "No online activity in the last 90 days.", "近90天无线上动态。";
    Preferences => "Preferences", "偏好";
    Destinations => "Favourite destinations", "常去目的地";
    Budget => "Budget", "预算";
    Companions => "Travels with", "同行人";
    Referrals => "Referrals made", "推荐人数";
    NoneYet => "None yet", "暂无";
    NavDuplicates => "Duplicates", "重复会员";
    DuplicatesTitle => "Possible duplicate members", "疑似重复会员";
    DuplicatesIntro => "Records that share a phone or email. Families share phones: merge only when it is the same person.", "以下记录共用手机号或邮箱。家人可能共用手机号：确认是同一人后再合并。";
    Members => "Members", "会员数";
    OverlapRate => "Known online and in store", "线上线下均有记录";
    DuplicatesPending => "Pairs to review", "待审核";
    DuplicateShare => "Estimated duplicate marketing", "预计重复营销占比";
    NoDuplicates => "No possible duplicates to review.", "暂无待审核的疑似重复会员。";
    SharedIdentifier => "Shared", "共用";
    KeepRecord => "Keep this record", "保留此记录";
    FieldName => "Name", "姓名";
    FieldPhone => "Phone", "手机";
    FieldEmail => "Email", "邮箱";
    FieldSegment => "Segment", "客群";
    Merge => "Merge", "合并";
    Dismiss => "Not the same person", "不是同一人";
    MergedNotice => "Merged. Everything now sits on one profile.", "已合并，所有记录已归入同一客户。";
    Undo => "Undo", "撤销";
    Unmerged => "Merge undone: both records are back as they were.", "已撤销合并，两条记录已完全恢复。";
    OpenProfile => "Open profile", "查看客户";
    NavImport => "Import members", "导入会员";
    ImportTitle => "Import member records (CSV)", "导入会员资料（CSV）";
    ImportIntro => "Store and OTA member exports. Importing the same file again changes nothing.", "门店或OTA平台导出的会员表。重复导入同一文件不会重复写入。";
    ImportFile => "CSV file", "CSV 文件";
    ImportSource => "Exported from", "数据来源";
    ImportMapping => "Columns", "列对应";
    ImportMemberId => "Member id (required)", "会员号（必填）";
    ImportIdNumber => "ID / passport number", "证件号";
    ImportUnionid => "WeChat unionid", "微信 unionid";
    ImportPreview => "Preview (first 10 rows)", "预览（前10行）";
    ImportRowOk => "Ready", "可导入";
    ImportRun => "Import", "开始导入";
    ImportReport => "Import report", "导入结果";
    ImportRows => "Rows", "行数";
    ImportNew => "New customers", "新建客户";
    ImportMatched => "Matched to existing", "匹配到已有客户";
    ImportAlready => "Already imported", "此前已导入";
    ImportFailed => "Rows with errors", "出错行数";
    ImportDownload => "Download the rows with errors (CSV)", "下载出错行（CSV）";
}
