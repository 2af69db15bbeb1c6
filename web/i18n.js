// Interface strings in Chinese and English, and figure formatting for each language.

export const STRINGS = {
  zh: {
    title: "一带一路报告问答",
    newChat: "新对话",
    switchTo: "English",
    switchLabel: "Switch to English",
    emptyTitle: "就“一带一路”合作报告提问",
    emptyIntro: "答案摘自报告原文，并附有出处。可以用中文或英文提问。",
    examples: "试试这些问题：",
    questionLabel: "你的问题",
    askForm: "提问",
    placeholder: "输入问题…",
    hint: "Enter 发送，Shift+Enter 换行",
    send: "发送",
    thread: "对话",
    you: "你",
    assistant: "助手",
    thinking: "正在查找报告…",
    answerReady: "答案已生成。",
    sources: "出处",
    related: "相关段落",
    abstained: "报告中没有找到可靠的答案",
    figures: "答案中的数据",
    colLabel: "指标",
    colValue: "数值",
    colUnit: "单位",
    colYear: "年份",
    colSource: "出处",
    source: (n) => `出处 ${n}`,
    openSource: (n, title) => `打开出处 ${n}：${title}`,
    section: "章节",
    page: "页码",
    passage: "段落",
    expand: "显示上下文",
    collapse: "只显示段落",
    loading: "加载中…",
    close: "关闭",
    copy: "复制答案",
    copied: "答案已复制。",
    copyFailed: "无法复制，请手动选择文本。",
    helpful: "有帮助",
    notHelpful: "没有帮助",
    commentLabel: "补充说明（可选）",
    sendFeedback: "提交反馈",
    feedbackThanks: "谢谢你的反馈！",
    feedbackFailed: "反馈没有提交成功。",
    retry: "重试",
    enterKey: "输入密钥",
    errNetwork: "无法连接服务器，请检查网络后重试。",
    errRate: (s) => (s ? `提问太频繁了，请在 ${s} 秒后重试。` : "提问太频繁了，请稍后重试。"),
    errKey: "此服务需要 API 密钥。",
    errKeyRejected: "API 密钥无效，请重新输入。",
    errServer: "服务器出错了，请稍后重试。",
    errBad: "无法回答这个问题：",
    errCut: "答案传输中断，请重试。",
    errInterrupted: "上次的回答没有完成。",
    errPassage: "无法加载上下文。",
    stop: "停止",
    stopped: "已停止生成。",
    stoppedAndSent: "已停止上一条回答，正在回答新的问题。",
    regenerate: "重新生成",
    editQuestion: (q) => `编辑问题：${q}`,
    editLabel: "修改问题",
    resend: "重新发送",
    conversations: "对话列表",
    openConversations: "打开对话列表",
    untitled: "新对话",
    rename: (title) => `重命名：${title}`,
    renameLabel: "对话名称",
    exportMd: (title) => `导出为 Markdown：${title}`,
    deleteConv: (title) => `删除：${title}`,
    confirmDelete: (title) => `删除对话“${title}”？`,
    deleted: "对话已删除。",
    current: "（当前）",
    copyLink: "复制此出处的链接",
    linkCopied: "链接已复制。",
    openOriginal: "打开原始报告",
    openOriginalPage: (n) => `打开原始报告第 ${n} 页`,
    linkedPassage: "链接的段落",
    you_md: "问",
    assistant_md: "答",
    genericMeasure: () => "数值",
    keyTitle: "需要 API 密钥",
    keyText: "此服务需要 API 密钥。密钥只保存在本浏览器中。",
    keyRetry: "这个密钥没有被接受，请检查后重新输入。",
    keyLabel: "API 密钥",
    cancel: "取消",
    save: "保存",
    exampleQuestions: [
      "2019年中欧班列开行多少列？",
      "2020年中国与哪些国家新建了贸易畅通工作组？",
      "Which countries set up trade facilitation working groups with China in 2020?",
    ],
  },
  en: {
    title: "Belt and Road Reports Q&A",
    newChat: "New conversation",
    switchTo: "中文",
    switchLabel: "切换到中文",
    emptyTitle: "Ask about the Belt and Road cooperation reports",
    emptyIntro: "Answers are taken from the reports and cite their sources. Ask in English or Chinese.",
    examples: "Try one of these:",
    questionLabel: "Your question",
    askForm: "Ask the reports",
    placeholder: "Ask a question…",
    hint: "Enter to send, Shift+Enter for a new line",
    send: "Send",
    thread: "Conversation",
    you: "You",
    assistant: "Assistant",
    thinking: "Searching the reports…",
    answerReady: "The answer is ready.",
    sources: "Sources",
    related: "Related passages",
    abstained: "The reports do not support an answer",
    figures: "Figures in this answer",
    colLabel: "Measure",
    colValue: "Value",
    colUnit: "Unit",
    colYear: "Year",
    colSource: "Source",
    source: (n) => `Source ${n}`,
    openSource: (n, title) => `Open source ${n}: ${title}`,
    section: "Section",
    page: "Page",
    passage: "Passage",
    expand: "Show surrounding text",
    collapse: "Show the passage only",
    loading: "Loading…",
    close: "Close",
    copy: "Copy answer",
    copied: "Answer copied.",
    copyFailed: "Could not copy; please select the text.",
    helpful: "Helpful",
    notHelpful: "Not helpful",
    commentLabel: "Comment (optional)",
    sendFeedback: "Send feedback",
    feedbackThanks: "Thanks for your feedback!",
    feedbackFailed: "The feedback was not sent.",
    retry: "Try again",
    enterKey: "Enter key",
    errNetwork: "Cannot reach the server. Check the connection and try again.",
    errRate: (s) =>
      s ? `Too many questions right now. Please wait ${s} seconds and try again.` : "Too many questions right now. Please wait a moment and try again.",
    errKey: "This service needs an API key.",
    errKeyRejected: "The API key was not accepted. Please enter it again.",
    errServer: "The server had a problem. Please try again later.",
    errBad: "This question cannot be answered: ",
    errCut: "The answer was cut off. Please try again.",
    errInterrupted: "The last answer did not finish.",
    errPassage: "Could not load the surrounding text.",
    stop: "Stop",
    stopped: "You stopped this answer.",
    stoppedAndSent: "Stopped the previous answer; answering the new question.",
    regenerate: "Regenerate",
    editQuestion: (q) => `Edit question: ${q}`,
    editLabel: "Edit the question",
    resend: "Send again",
    conversations: "Conversations",
    openConversations: "Open the list of conversations",
    untitled: "New conversation",
    rename: (title) => `Rename: ${title}`,
    renameLabel: "Conversation name",
    exportMd: (title) => `Export as Markdown: ${title}`,
    deleteConv: (title) => `Delete: ${title}`,
    confirmDelete: (title) => `Delete the conversation “${title}”?`,
    deleted: "Conversation deleted.",
    current: " (current)",
    copyLink: "Copy link to this source",
    linkCopied: "Link copied.",
    openOriginal: "Open the original report",
    openOriginalPage: (n) => `Open the original report at page ${n}`,
    linkedPassage: "Linked passage",
    you_md: "Question",
    assistant_md: "Answer",
    genericMeasure: (unit) => genericMeasure(unit),
    keyTitle: "API key needed",
    keyText: "This service needs an API key. The key is kept in this browser only.",
    keyRetry: "That key was not accepted. Please check it and enter it again.",
    keyLabel: "API key",
    cancel: "Cancel",
    save: "Save",
    exampleQuestions: [
      "Which countries set up trade facilitation working groups with China in 2020?",
      "How many China-Europe Railway Express trains ran in 2019?",
      "2019年中欧班列开行多少列？",
    ],
  },
};

const CURRENCY_EN = { 美元: "US$", 元: "RMB", 欧元: "EUR", 日元: "JPY", 英镑: "GBP", 港元: "HK$" };
const UNIT_EN = {
  列: "trains", 标箱: "TEU", 吨: "tonnes", 千瓦时: "kWh", 兆瓦: "MW", 千瓦: "kW", 吉瓦: "GW", 公里: "km",
  平方公里: "km²", 平方米: "m²", 立方米: "m³", 公顷: "hectares", 亩: "mu", 人次: "person-trips",
  人: "people", 名: "people", 位: "people", 国家: "countries", 城市: "cities", 经济体: "economies",
  国际组织: "international organizations", 项目: "projects", 卢布: "roubles", 令吉: "ringgit",
  卢比: "rupees", 人份: "doses", 倍: "times", 次: "times", 场: "events", 辆: "vehicles", 艘: "ships",
  架: "aircraft", 批: "batches", 种: "kinds", 类: "categories", 户: "households", 年: "years",
  个月: "months", 天: "days", 小时: "hours", 份: "documents", 项: "items", 件: "items", 家: "companies",
  条: "lines", 座: "sites", 所: "institutions", 个百分点: "percentage points",
};

/** The language to start in: the remembered choice, else the browser's. */
export function initialLang(saved) {
  if (saved === "zh" || saved === "en") return saved;
  const langs = navigator.languages?.length ? navigator.languages : [navigator.language || "en"];
  return String(langs[0]).toLowerCase().startsWith("zh") ? "zh" : "en";
}

/** A figure's value for display, written as the answers write it: 725000 -> "72.5万" in Chinese; in English as
 * qa/text/numbers.py's format_number does ("1.135 million", "12,400", "29.4"), so the table and the text agree. */
export function formatValue(value, lang) {
  if (typeof value !== "number" || !Number.isFinite(value)) return String(value ?? "");
  value = Number(value.toPrecision(12)); // binary noise from decimal scaling (1.24 * 1e4)
  if (lang === "zh") {
    const opts = Math.abs(value) >= 1e4 ? { notation: "compact", maximumSignificantDigits: 12 } : { maximumFractionDigits: 6 };
    return new Intl.NumberFormat("zh-CN", opts).format(value);
  }
  const size = Math.abs(value);
  for (const [scale, word] of [[1e12, "trillion"], [1e9, "billion"], [1e6, "million"]]) {
    if (size >= scale) return `${trim(value / scale)} ${word}`;
  }
  if (size >= 1000) {
    const [whole, frac] = trim(value).split(".");
    return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (frac ? `.${frac}` : "");
  }
  return trim(value);
}

function trim(value) {
  return value.toFixed(6).replace(/0+$/, "").replace(/\.$/, "") || "0";
}

/** An English name for a figure the reports label only in Chinese: what its unit counts, never the bare label. */
export function genericMeasure(unit) {
  if (CURRENCY_EN[unit]) return "Amount";
  if (unit === "%") return "Share or rate";
  if (unit === "个百分点") return "Change";
  const word = UNIT_EN[unit];
  return word ? `Number of ${word}` : "Figure";
}

/** True when a text holds Chinese characters. */
export function hasCJK(text) {
  return /[\u3400-\u9fff\uf900-\ufaff]/.test(String(text || ""));
}

/** A figure's unit in the page's language. */
export function formatUnit(unit, lang) {
  if (lang === "zh" || !unit) return unit || "";
  const en = CURRENCY_EN[unit] || UNIT_EN[unit];
  if (en) return en;
  return hasCJK(unit) ? `(${unit})` : unit; // the original term, in parentheses
}
