from tui.screens import complaints as complaints  # c 投诉建议
from tui.screens import exports as exports  # x 导出
from tui.screens import month_close as month_close  # m 月结
from tui.screens import rules_view as rules_view  # r 规则
from tui.screens import seals as seals  # s 印章
from tui.screens import users as users  # u 用户和角色
