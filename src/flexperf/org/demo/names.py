"""Names and titles for the demo group, kept in code so the output never changes with a
library.

Surnames carry a rough frequency weight; given-name characters carry their pinyin (toneless).
None of the given-name syllables starts with a vowel, so joined pinyin needs no apostrophe.
"""

from __future__ import annotations

# (surname, pinyin, weight ≈ share in per mille of the population)
SURNAMES: tuple[tuple[str, str, float], ...] = (
    ("王", "Wang", 71), ("李", "Li", 70), ("张", "Zhang", 67), ("刘", "Liu", 54),
    ("陈", "Chen", 46), ("杨", "Yang", 31), ("黄", "Huang", 24), ("赵", "Zhao", 23),
    ("吴", "Wu", 20), ("周", "Zhou", 19), ("徐", "Xu", 15), ("孙", "Sun", 15),
    ("马", "Ma", 14), ("朱", "Zhu", 13), ("胡", "Hu", 13), ("郭", "Guo", 12),
    ("何", "He", 12), ("林", "Lin", 11), ("高", "Gao", 11), ("罗", "Luo", 10),
    ("郑", "Zheng", 9), ("梁", "Liang", 9), ("谢", "Xie", 8), ("宋", "Song", 7),
    ("唐", "Tang", 7), ("许", "Xu", 7), ("韩", "Han", 6), ("冯", "Feng", 6),
    ("邓", "Deng", 6), ("曹", "Cao", 6), ("彭", "Peng", 6), ("曾", "Zeng", 5),
    ("肖", "Xiao", 5), ("田", "Tian", 5), ("董", "Dong", 5), ("袁", "Yuan", 5),
    ("潘", "Pan", 4), ("于", "Yu", 4), ("蒋", "Jiang", 4), ("蔡", "Cai", 4),
    ("余", "Yu", 4), ("杜", "Du", 4), ("叶", "Ye", 4), ("程", "Cheng", 4),
    ("苏", "Su", 4), ("魏", "Wei", 4), ("吕", "Lyu", 3), ("丁", "Ding", 3),
    ("任", "Ren", 3), ("沈", "Shen", 3), ("姚", "Yao", 3), ("卢", "Lu", 3),
    ("姜", "Jiang", 3), ("崔", "Cui", 3), ("钟", "Zhong", 3), ("谭", "Tan", 3),
    ("陆", "Lu", 3), ("汪", "Wang", 3), ("范", "Fan", 3), ("金", "Jin", 3),
    ("石", "Shi", 2), ("廖", "Liao", 2), ("贾", "Jia", 2), ("夏", "Xia", 2),
    ("韦", "Wei", 2), ("方", "Fang", 2), ("白", "Bai", 2), ("邹", "Zou", 2),
    ("孟", "Meng", 2), ("熊", "Xiong", 2), ("秦", "Qin", 2), ("邱", "Qiu", 2),
    ("江", "Jiang", 2), ("尹", "Yin", 2), ("薛", "Xue", 2), ("段", "Duan", 2),
    ("雷", "Lei", 2), ("侯", "Hou", 2), ("龙", "Long", 2), ("史", "Shi", 2),
    ("陶", "Tao", 2), ("黎", "Li", 2), ("贺", "He", 2), ("顾", "Gu", 2),
    ("毛", "Mao", 2), ("郝", "Hao", 2), ("龚", "Gong", 2), ("邵", "Shao", 2),
    ("万", "Wan", 2), ("钱", "Qian", 2), ("严", "Yan", 2), ("武", "Wu", 2),
    ("戴", "Dai", 2), ("莫", "Mo", 1), ("孔", "Kong", 1), ("汤", "Tang", 1),
    ("欧阳", "Ouyang", 0.5), ("上官", "Shangguan", 0.2), ("司马", "Sima", 0.2),
)

# Given-name characters and their pinyin.
FEMALE_CHARS: tuple[tuple[str, str], ...] = (
    ("静", "jing"), ("敏", "min"), ("丽", "li"), ("婷", "ting"), ("雪", "xue"), ("芳", "fang"),
    ("娜", "na"), ("慧", "hui"), ("琳", "lin"), ("颖", "ying"), ("晶", "jing"), ("欣", "xin"),
    ("怡", "yi"), ("佳", "jia"), ("雨", "yu"), ("萱", "xuan"), ("梦", "meng"), ("瑶", "yao"),
    ("洁", "jie"), ("倩", "qian"), ("璐", "lu"), ("婧", "jing"), ("晓", "xiao"), ("思", "si"),
    ("玥", "yue"), ("诗", "shi"), ("涵", "han"), ("蕾", "lei"), ("妍", "yan"), ("悦", "yue"),
    ("薇", "wei"), ("岚", "lan"), ("霞", "xia"), ("燕", "yan"), ("红", "hong"), ("秀", "xiu"),
    ("兰", "lan"), ("玲", "ling"), ("春", "chun"), ("梅", "mei"), ("媛", "yuan"), ("可", "ke"),
    ("心", "xin"), ("宁", "ning"), ("楠", "nan"), ("茜", "qian"), ("菲", "fei"), ("丹", "dan"),
    ("月", "yue"), ("彤", "tong"),
)
MALE_CHARS: tuple[tuple[str, str], ...] = (
    ("伟", "wei"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("勇", "yong"), ("杰", "jie"),
    ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("刚", "gang"), ("平", "ping"), ("辉", "hui"),
    ("鹏", "peng"), ("华", "hua"), ("飞", "fei"), ("鑫", "xin"), ("波", "bo"), ("斌", "bin"),
    ("宇", "yu"), ("浩", "hao"), ("凯", "kai"), ("健", "jian"), ("俊", "jun"), ("帆", "fan"),
    ("旭", "xu"), ("龙", "long"), ("林", "lin"), ("阳", "yang"), ("峰", "feng"), ("博", "bo"),
    ("文", "wen"), ("晨", "chen"), ("轩", "xuan"), ("然", "ran"), ("泽", "ze"), ("昊", "hao"),
    ("睿", "rui"), ("子", "zi"), ("志", "zhi"), ("国", "guo"), ("建", "jian"), ("海", "hai"),
    ("东", "dong"), ("成", "cheng"), ("天", "tian"), ("毅", "yi"), ("亮", "liang"), ("松", "song"),
    ("铭", "ming"), ("航", "hang"), ("嘉", "jia"), ("逸", "yi"), ("骏", "jun"), ("晓", "xiao"),
)

ENGLISH_FEMALE: tuple[str, ...] = (
    "Grace", "Amy", "Lily", "Cindy", "Vivian", "Jenny", "Emma", "Linda", "Sophia", "Helen",
    "Iris", "Karen", "Nancy", "Sally", "Joyce", "Coco", "Wendy", "Tina", "Cherry", "Elaine",
)
ENGLISH_MALE: tuple[str, ...] = (
    "Kevin", "Jason", "David", "Eric", "Michael", "Leo", "Jack", "Tony", "Frank", "Steven",
    "Peter", "Daniel", "Andy", "Allen", "Henry", "Vincent", "Sam", "Ryan", "Alex", "Brian",
)

# Sales cities in the order a growing sales company opens them:
# (city, pinyin, region code, tier weight).
CITIES: tuple[tuple[str, str, str, int], ...] = (
    ("上海", "Shanghai", "EAST", 3), ("北京", "Beijing", "NORTH", 3),
    ("深圳", "Shenzhen", "SOUTH", 3), ("广州", "Guangzhou", "SOUTH", 3),
    ("杭州", "Hangzhou", "EAST", 2), ("成都", "Chengdu", "SW", 2),
    ("武汉", "Wuhan", "CENTRAL", 2), ("南京", "Nanjing", "EAST", 2),
    ("天津", "Tianjin", "NORTH", 2), ("重庆", "Chongqing", "SW", 2),
    ("西安", "Xi'an", "NW", 2), ("苏州", "Suzhou", "EAST", 2),
    ("长沙", "Changsha", "CENTRAL", 2), ("郑州", "Zhengzhou", "CENTRAL", 2),
    ("沈阳", "Shenyang", "NE", 2), ("青岛", "Qingdao", "NORTH", 2),
    ("宁波", "Ningbo", "EAST", 1), ("东莞", "Dongguan", "SOUTH", 1),
    ("合肥", "Hefei", "EAST", 1), ("大连", "Dalian", "NE", 1),
    ("厦门", "Xiamen", "EAST", 1), ("昆明", "Kunming", "SW", 1),
    ("佛山", "Foshan", "SOUTH", 1), ("济南", "Jinan", "NORTH", 1),
    ("福州", "Fuzhou", "EAST", 1), ("哈尔滨", "Harbin", "NE", 1),
    ("南昌", "Nanchang", "CENTRAL", 1), ("石家庄", "Shijiazhuang", "NORTH", 1),
    ("贵阳", "Guiyang", "SW", 1), ("南宁", "Nanning", "SOUTH", 1),
    ("长春", "Changchun", "NE", 1), ("太原", "Taiyuan", "NORTH", 1),
    ("无锡", "Wuxi", "EAST", 1), ("兰州", "Lanzhou", "NW", 1),
    ("海口", "Haikou", "SOUTH", 1), ("乌鲁木齐", "Urumqi", "NW", 1),
    ("呼和浩特", "Hohhot", "NORTH", 1), ("银川", "Yinchuan", "NW", 1),
)

# Sales regions: code → (name, English name).
REGIONS: dict[str, tuple[str, str]] = {
    "EAST": ("华东大区", "East China Region"),
    "NORTH": ("华北大区", "North China Region"),
    "SOUTH": ("华南大区", "South China Region"),
    "SW": ("西南大区", "Southwest Region"),
    "CENTRAL": ("华中大区", "Central China Region"),
    "NW": ("西北大区", "Northwest Region"),
    "NE": ("东北大区", "Northeast Region"),
}

# Job family → the short code in position codes, and the titles people hold.
FAMILY_CODES = {"sales": "SAL", "operations": "OPS", "rnd": "RND", "support": "SUP",
                "management": "MGT"}
IC_TITLES = {
    "sales": ("客户经理", "Account Manager"),
    "operations": ("运营专员", "Operations Specialist"),
    "rnd": ("软件工程师", "Software Engineer"),
    "management": ("战略分析师", "Strategy Analyst"),
}
SUPPORT_TITLES = {
    "root": ("总裁助理", "Executive Assistant"), "strategy": ("战略专员", "Strategy Specialist"),
    "hr": ("人力资源专员", "HR Specialist"), "finance": ("财务专员", "Finance Specialist"),
    "it": ("IT工程师", "IT Engineer"), "legal": ("法务专员", "Legal Counsel"),
    "audit": ("内部审计师", "Internal Auditor"),
}
LEAD_TITLES = {
    "sales": ("销售主管", "Sales Supervisor"), "operations": ("运营主管", "Operations Supervisor"),
    "rnd": ("技术主管", "Tech Lead"), "support": ("主管", "Supervisor"),
    "management": ("主管", "Supervisor"),
}


CHINESE_NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")


def numeral(n: int) -> str:
    """1 → 一 … 10 → 十, 11 → 十一 … 99 → 九十九 (team numbers)."""
    if not 1 <= n <= 99:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CHINESE_NUMERALS[ones - 1]
    head = "" if tens == 1 else CHINESE_NUMERALS[tens - 1]
    return head + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")
