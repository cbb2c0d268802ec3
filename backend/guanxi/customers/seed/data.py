"""Reference data for the demo seed: names, places, products, and weighted pickers."""

from __future__ import annotations

import random
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from guanxi.accounts.models import Role
from guanxi.customers.models import (
    CompanySize,
    IncomeBand,
    PurchaseChannel,
)

# --- reference data -----------------------------------------------------------------------
# fmt: off

STAFF: tuple[tuple[str, str, Role, bool], ...] = (
    # name, email, role, looks after foreign customers
    ("陈静", "chen.jing@guanxi.local", Role.MANAGER, False),
    ("David Miller", "david.miller@guanxi.local", Role.MANAGER, True),
    ("李娜", "li.na@guanxi.local", Role.AGENT, False),
    ("张伟", "zhang.wei@guanxi.local", Role.AGENT, False),
    ("刘洋", "liu.yang@guanxi.local", Role.AGENT, False),
    ("Emily Carter", "emily.carter@guanxi.local", Role.AGENT, True),
)


def _pairs(text: str) -> list[tuple[str, str]]:
    """'王:wang 李:li' -> [('王', 'wang'), ('李', 'li')]."""
    return [tuple(item.split(":")) for item in text.split()]  # type: ignore[misc]


# surname:pinyin with weights (per cent of the population, roughly)
SURNAMES = _pairs(
    "王:wang 李:li 张:zhang 刘:liu 陈:chen 杨:yang 黄:huang 赵:zhao 吴:wu 周:zhou 徐:xu 孙:sun "
    "马:ma 朱:zhu 胡:hu 郭:guo 何:he 林:lin 高:gao 罗:luo 郑:zheng 梁:liang 谢:xie 宋:song 唐:tang "
    "许:xu 韩:han 冯:feng 邓:deng 曹:cao 彭:peng 曾:zeng 肖:xiao 田:tian 董:dong 袁:yuan 潘:pan "
    "蒋:jiang 蔡:cai 余:yu 杜:du 叶:ye 程:cheng 苏:su 魏:wei 吕:lv 丁:ding 沈:shen 钟:zhong 卢:lu "
    "姜:jiang 崔:cui 谭:tan 陆:lu 范:fan 金:jin 廖:liao 夏:xia 方:fang 白:bai 欧阳:ouyang 司马:sima"
)
SURNAME_WEIGHTS = [7.1, 7.0, 6.9, 5.4, 4.5, 3.1, 2.2, 2.1, 2.0, 1.9, 1.3, 1.3, 1.2, 1.1, 1.0, 1.0, 0.9, 0.9,
                   0.9, 0.9, 0.8, 0.7, 0.6, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.4, 0.4, 0.4, 0.4, 0.4, 0.3, 0.3,
                   0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2,
                   0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.05, 0.02]
GIVEN_MALE = _pairs(
    "伟:wei 强:qiang 磊:lei 军:jun 洋:yang 勇:yong 杰:jie 涛:tao 明:ming 超:chao 刚:gang 平:ping 辉:hui "
    "鹏:peng 华:hua 飞:fei 鑫:xin 波:bo 斌:bin 宇:yu 浩:hao 凯:kai 健:jian 俊:jun 帆:fan 旭:xu 宁:ning "
    "龙:long 林:lin 阳:yang 建:jian 峰:feng 志:zhi 文:wen 博:bo 毅:yi 晨:chen 昊:hao 子:zi 睿:rui 泽:ze "
    "轩:xuan 一:yi 天:tian 海:hai 国:guo 东:dong 亮:liang"
)
GIVEN_FEMALE = _pairs(
    "芳:fang 娜:na 敏:min 静:jing 丽:li 艳:yan 娟:juan 霞:xia 秀:xiu 玲:ling 燕:yan 萍:ping 红:hong "
    "婷:ting 雪:xue 琳:lin 晶:jing 颖:ying 慧:hui 倩:qian 洁:jie 欣:xin 佳:jia 悦:yue 怡:yi 雯:wen 璐:lu "
    "琪:qi 梦:meng 思:si 雨:yu 涵:han 诗:shi 嘉:jia 晓:xiao 美:mei 月:yue 馨:xin 瑶:yao 彤:tong"
)

LATIN_NAMES: dict[str, tuple[str, str, str]] = {
    # culture: male first names, female first names, family names
    "en": (
        "James John Robert Michael William David Richard Thomas Daniel Matthew Andrew Paul Kevin George "
        "Oliver Harry Jack Noah Liam Ethan Lucas Benjamin Samuel Henry Alexander Ryan",
        "Mary Jennifer Linda Elizabeth Susan Jessica Sarah Karen Emily Emma Olivia Sophia Charlotte Amelia "
        "Grace Chloe Hannah Lucy Megan Rachel Laura Anna Victoria Natalie Zoe Isabella",
        "Smith Johnson Williams Brown Jones Miller Davis Wilson Taylor Anderson Thomas Moore Martin Jackson "
        "White Harris Clark Lewis Walker Hall Allen Young King Wright Scott Green Baker Adams Nelson Hill "
        "Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart Morris Murphy "
        "Cook Rogers Morgan Cooper Reed Bailey Bell Kelly Ward Wood Watson Brooks Bennett Gray Hughes Price "
        "Patel Wong Chan Lee Tan Lim Ng",
    ),
    "de": (
        "Lukas Leon Felix Jonas Maximilian Paul Elias Moritz Jan Tobias",
        "Anna Lena Sophie Marie Laura Hannah Lea Mia Katharina Julia",
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Hoffmann Schulz Koch Richter Wolf",
    ),
    "fr": (
        "Louis Gabriel Jules Hugo Arthur Lucas Raphaël Nathan Théo Antoine",
        "Camille Léa Chloé Manon Inès Jade Louise Alice Juliette Clara",
        "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèvre",
    ),
    "ja": (
        "Hiroshi Takeshi Kenji Daiki Haruto Sota Ren Yuto Kaito Shota",
        "Yuki Aoi Sakura Yui Hina Mei Haruka Misaki Nanami Rin",
        "Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada",
    ),
    "ko": (
        "Min-jun Seo-jun Ji-ho Do-yun Ha-jun Joon-ho Sung-min Hyun-woo",
        "Ji-woo Seo-yeon Ha-eun Min-seo Ji-min Soo-ah Ye-jin Yu-na",
        "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Shin",
    ),
}
LATIN = {k: tuple(s.split() for s in v) for k, v in LATIN_NAMES.items()}

# province, city, weight, districts, landline area code
CN_REGIONS: tuple[tuple[str, str, int, str, str], ...] = (
    ("广东", "广州", 8, "天河区 越秀区 海珠区 番禺区", "020"),
    ("广东", "深圳", 8, "南山区 福田区 宝安区 龙岗区", "0755"),
    ("广东", "佛山", 2, "禅城区 南海区 顺德区", "0757"),
    ("广东", "东莞", 2, "南城街道 东城街道 长安镇", "0769"),
    ("广东", "珠海", 1, "香洲区 金湾区", "0756"),
    ("北京", "北京", 7, "朝阳区 海淀区 东城区 西城区", "010"),
    ("上海", "上海", 7, "浦东新区 徐汇区 静安区 黄浦区", "021"),
    ("浙江", "杭州", 5, "西湖区 滨江区 余杭区 上城区", "0571"),
    ("浙江", "宁波", 2, "鄞州区 海曙区", "0574"),
    ("浙江", "温州", 1, "鹿城区 瓯海区", "0577"),
    ("江苏", "南京", 3, "鼓楼区 玄武区 建邺区", "025"),
    ("江苏", "苏州", 3, "姑苏区 工业园区 吴中区", "0512"),
    ("江苏", "无锡", 1, "梁溪区 滨湖区", "0510"),
    ("四川", "成都", 4, "武侯区 锦江区 高新区", "028"),
    ("湖北", "武汉", 3, "武昌区 江汉区 洪山区", "027"),
    ("福建", "厦门", 2, "思明区 湖里区", "0592"),
    ("福建", "福州", 1, "鼓楼区 台江区", "0591"),
    ("山东", "青岛", 2, "市南区 崂山区", "0532"),
    ("山东", "济南", 1, "历下区 市中区", "0531"),
    ("湖南", "长沙", 2, "岳麓区 芙蓉区", "0731"),
    ("陕西", "西安", 2, "雁塔区 碑林区", "029"),
    ("重庆", "重庆", 2, "渝中区 江北区 渝北区", "023"),
    ("天津", "天津", 1, "和平区 河西区", "022"),
    ("河南", "郑州", 1, "金水区 二七区", "0371"),
)
MUNICIPALITIES = ("北京", "上海", "天津", "重庆")
CN_AREA_TAGS = {"广东": "华南", "福建": "华南", "上海": "华东", "浙江": "华东", "江苏": "华东", "北京": "华北",
                "天津": "华北", "山东": "华北", "四川": "西南", "重庆": "西南", "湖北": "华中", "湖南": "华中",
                "河南": "华中", "陕西": "西北"}
CN_ROADS = "人民路 中山路 解放路 建设路 和平路 新华路 长江路 科技路 学府路 滨江路 东风路 文化路 南京路 深南大道".split()


@dataclass(frozen=True)
class Country:
    code: str
    weight: float
    utc_offset: int  # hours, for the time of day purchases happen
    currency: str
    places: tuple[tuple[str | None, str], ...]  # (province or state, city)
    phones: tuple[str, ...]  # templates: each '#' becomes a digit
    culture: str  # for person names: zh, en, de, fr, ja, ko
    zh_share: float  # share of persons there with Chinese names
    mail: tuple[str, ...]
    streets: tuple[str, ...]
    company_suffixes: tuple[str, ...]


FOREIGN: tuple[Country, ...] = (
    Country("US", 7, -5, "USD", (("New York", "New York"), ("California", "San Francisco"),
            ("California", "Los Angeles"), ("Washington", "Seattle"), ("Illinois", "Chicago"), ("Texas", "Austin")),
            ("+1 (212) ###-####", "+1 (415) ###-####", "+1 (206) ###-####", "+1 (312) ###-####"),
            "en", 0.15, ("gmail.com", "outlook.com", "yahoo.com", "icloud.com"),
            ("Main Street", "Park Avenue", "Oak Street", "Pine Street", "Maple Avenue"), ("Inc.", "LLC")),
    Country("GB", 4, 0, "GBP", (("England", "London"), ("England", "Manchester"), ("Scotland", "Edinburgh"),
            ("England", "Birmingham")),
            ("+44 7### ######", "+44 20 #### ####"), "en", 0.08,
            ("gmail.com", "outlook.com", "btinternet.com", "yahoo.co.uk"),
            ("High Street", "Station Road", "Church Lane", "King's Road"), ("Ltd",)),
    Country("JP", 4, 9, "JPY", (("Tokyo", "Tokyo"), ("Osaka", "Osaka"), ("Kanagawa", "Yokohama"),
            ("Fukuoka", "Fukuoka")),
            ("+81 90-####-####", "+81 80-####-####", "+81 3-####-####"), "ja", 0.05,
            ("gmail.com", "yahoo.co.jp", "docomo.ne.jp", "icloud.com"),
            ("Chuo-ku", "Kita-ku", "Naka-ku", "Minami-ku"), ("K.K.", "Co., Ltd.")),
    Country("SG", 4, 8, "USD", ((None, "Singapore"),),
            ("+65 8### ####", "+65 9### ####", "+65 6### ####"), "en", 0.45,
            ("gmail.com", "outlook.com", "singnet.com.sg", "yahoo.com.sg"),
            ("Orchard Road", "Raffles Place", "Serangoon Road", "Bukit Timah Road"), ("Pte. Ltd.",)),
    Country("DE", 3, 1, "EUR", (("Berlin", "Berlin"), ("Bayern", "München"), ("Hamburg", "Hamburg"),
            ("Hessen", "Frankfurt am Main")),
            ("+49 151 ########", "+49 30 ########", "+49 89 ########"), "de", 0.03,
            ("gmail.com", "web.de", "gmx.de", "t-online.de"),
            ("Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Goethestraße"), ("GmbH", "AG")),
    Country("AU", 3, 10, "USD", (("New South Wales", "Sydney"), ("Victoria", "Melbourne"),
            ("Queensland", "Brisbane")),
            ("+61 4## ### ###", "+61 2 #### ####"), "en", 0.15,
            ("gmail.com", "outlook.com", "bigpond.com", "icloud.com"),
            ("George Street", "King Street", "Queen Street", "Elizabeth Street"), ("Pty Ltd",)),
    Country("KR", 2, 9, "USD", (("Seoul", "Seoul"), ("Busan", "Busan")),
            ("+82 10-####-####",), "ko", 0.05, ("naver.com", "daum.net", "gmail.com"),
            ("Jung-gu", "Seo-gu", "Dong-gu", "Nam-gu"), ("Co., Ltd.",)),
    Country("FR", 1.5, 1, "EUR", (("Île-de-France", "Paris"), ("Auvergne-Rhône-Alpes", "Lyon")),
            ("+33 6 ## ## ## ##", "+33 1 ## ## ## ##"), "fr", 0.03,
            ("gmail.com", "orange.fr", "free.fr", "laposte.net"),
            ("rue de Rivoli", "avenue Victor Hugo", "rue de la République"), ("SAS", "SARL")),
    Country("CA", 1.5, -5, "USD", (("Ontario", "Toronto"), ("British Columbia", "Vancouver"),
            ("Quebec", "Montréal")),
            ("+1 (416) ###-####", "+1 (604) ###-####"), "en", 0.2,
            ("gmail.com", "outlook.com", "rogers.com", "shaw.ca"),
            ("King Street", "Main Street", "Queen Street"), ("Inc.", "Ltd.")),
)
CN_SHARE = 0.70
UNKNOWN_COUNTRY_SHARE = 0.02
CN_MAIL = ("qq.com", "163.com", "126.com", "sina.com", "foxmail.com", "gmail.com", "outlook.com", "139.com",
           "icloud.com")
CN_MAIL_WEIGHTS = (30, 20, 8, 5, 5, 8, 6, 3, 5)
CN_MOBILE_PREFIXES = ("130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 176 177 "
                      "178 180 181 182 183 185 186 187 188 189 198 199").split()

# CNY per unit, for converting a spend drawn in CNY
CNY_PER_UNIT = {"CNY": 1.0, "USD": 7.2, "EUR": 7.8, "GBP": 9.1, "JPY": 0.048}
LOCAL_CURRENCY_SHARE = 0.85  # foreign customers paying in their own currency rather than CNY

INDUSTRIES: tuple[tuple[str, str, str], ...] = (
    # industry, Chinese trade word, English trade word
    ("Retail", "商贸", "Trading"),
    ("Manufacturing", "制造", "Industries"),
    ("Software", "科技", "Software"),
    ("Finance", "投资", "Capital"),
    ("Healthcare", "医疗器械", "Health"),
    ("Education", "教育科技", "Learning"),
    ("Logistics", "物流", "Logistics"),
    ("Hospitality", "酒店管理", "Hospitality"),
    ("Real Estate", "置业", "Properties"),
    ("Agriculture", "农业", "Farms"),
    ("Food & Beverage", "食品", "Foods"),
    ("Textiles", "纺织", "Textiles"),
)
INDUSTRY_WEIGHTS = (16, 16, 12, 6, 7, 5, 9, 6, 5, 5, 8, 5)
CN_BRANDS = _pairs(
    "华信:huaxin 恒通:hengtong 联创:lianchuang 鼎盛:dingsheng 金桥:jinqiao 宏远:hongyuan 东方:dongfang "
    "瑞丰:ruifeng 天成:tiancheng 正泰:zhengtai 汇通:huitong 博远:boyuan 永达:yongda 盛世:shengshi 海纳:haina "
    "中联:zhonglian 远航:yuanhang 绿源:lvyuan 锦程:jincheng 佳禾:jiahe 润泽:runze 启明:qiming 星辰:xingchen "
    "安泰:antai 宏图:hongtu 众诚:zhongcheng 云帆:yunfan 和信:hexin 新锐:xinrui 凯达:kaida"
)
EN_BRANDS = ("Northwind", "Blue Harbor", "Silverline", "Redwood", "Brightpath", "Summit", "Crescent", "Evergreen",
             "Ironbridge", "Pacific Rim", "Atlas", "Meridian", "Oakridge", "Clearwater", "Highland", "Sterling",
             "Lakeside", "Golden Field", "Harbourview", "Keystone")

OCCUPATIONS_ZH = "工程师 教师 医生 护士 会计 销售经理 设计师 程序员 公务员 律师 个体户 自由职业者 产品经理 市场专员 厨师 司机".split()
OCCUPATIONS_EN = ("Engineer", "Teacher", "Doctor", "Nurse", "Accountant", "Sales manager", "Designer",
                  "Software developer", "Civil servant", "Lawyer", "Business owner", "Freelancer",
                  "Product manager", "Marketing specialist", "Chef", "Driver")
INCOME_BANDS = (IncomeBand.LOW, IncomeBand.LOWER_MIDDLE, IncomeBand.MIDDLE, IncomeBand.UPPER_MIDDLE, IncomeBand.HIGH)
INCOME_WEIGHTS = (15, 25, 30, 20, 10)
INCOME_SPEND = {None: 1.0, IncomeBand.LOW: 0.5, IncomeBand.LOWER_MIDDLE: 0.75, IncomeBand.MIDDLE: 1.0,
                IncomeBand.UPPER_MIDDLE: 1.6, IncomeBand.HIGH: 2.8}
COMPANY_SIZES = (CompanySize.SMALL, CompanySize.MEDIUM, CompanySize.LARGE)
SIZE_SPEND = {CompanySize.SMALL: 6.0, CompanySize.MEDIUM: 15.0, CompanySize.LARGE: 40.0}
SIZE_RATE = {CompanySize.SMALL: 1.2, CompanySize.MEDIUM: 1.5, CompanySize.LARGE: 2.0}

ACQUISITION_CN = ("WeChat", "Tmall", "JD.com", "Douyin", "referral", "walk-in", "website", "search ads", "trade fair")
ACQUISITION_CN_WEIGHTS = (22, 16, 10, 10, 12, 10, 8, 7, 5)
ACQUISITION_FOREIGN = ("website", "referral", "search ads", "social media", "trade fair", "partner", "email campaign")
ACQUISITION_FOREIGN_WEIGHTS = (28, 18, 16, 14, 10, 8, 6)
ACQUISITION_COMPANY = ("trade fair", "referral", "cold call", "website", "partner", "LinkedIn")
ACQUISITION_COMPANY_WEIGHTS = (30, 22, 14, 16, 12, 6)

CHANNELS = tuple(PurchaseChannel)
CHANNEL_WEIGHTS_PERSON = (35, 25, 4, 25, 8, 3)  # in PurchaseChannel order: ONLINE STORE PHONE MOBILE_APP PARTNER OTHER
SOURCE_BY_CHANNEL = {
    PurchaseChannel.ONLINE: ("eshop", "EO"),
    PurchaseChannel.MOBILE_APP: ("eshop", "EO"),
    PurchaseChannel.PHONE: ("eshop", "EO"),
    PurchaseChannel.STORE: ("store", "POS"),
    PurchaseChannel.OTHER: ("store", "POS"),
    PurchaseChannel.PARTNER: ("partner-x", "PX"),
}

# sku, Chinese name, English name, unit price in CNY
PRODUCTS: tuple[tuple[str, str, str, int], ...] = (
    ("GX-1001", "龙井茶礼盒", "Longjing tea gift box", 268),
    ("GX-1002", "安溪铁观音", "Tieguanyin oolong tea", 158),
    ("GX-1003", "紫砂茶壶", "Yixing clay teapot", 420),
    ("GX-2001", "无线蓝牙耳机", "Wireless earbuds", 399),
    ("GX-2002", "智能手环", "Fitness band", 229),
    ("GX-2003", "移动电源", "Power bank", 129),
    ("GX-3001", "真丝围巾", "Silk scarf", 320),
    ("GX-3002", "羊绒大衣", "Cashmere coat", 1680),
    ("GX-4001", "空气净化器", "Air purifier", 1299),
    ("GX-4002", "电饭煲", "Rice cooker", 599),
    ("GX-4003", "咖啡机", "Espresso machine", 2199),
    ("GX-5001", "月饼礼盒", "Mooncake gift box", 198),
    ("GX-5002", "坚果礼包", "Mixed nuts hamper", 139),
    ("GX-6001", "护肤套装", "Skincare set", 560),
)
PRODUCTS_BY_PRICE = sorted(PRODUCTS, key=lambda p: p[3])
PRODUCT_PRICES = [p[3] for p in PRODUCTS_BY_PRICE]
COMPANY_MAILBOXES = ("sales", "info", "purchasing", "service", "admin", "contact")
REFUND_REASONS = ("质量问题", "七天无理由退货", "发错货", "Damaged in transit", "Wrong size", "Changed mind",
                  "Duplicate order", "Late delivery")

# local hour of day -> relative weight of purchases (lunch and evening peaks)
HOUR_WEIGHTS = (1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 1.5, 2.5, 3.5, 4.5, 5, 5.5, 5, 4.5, 4.5, 4.5, 5, 5.5, 6.5,
                7.5, 7.5, 6, 3)

# fmt: on


class _Weighted:
    """Draws one of `items` with the given relative weights (cheaper than `Random.choices`)."""

    __slots__ = ("items", "cum", "total")

    def __init__(self, items: Sequence[Any], weights: Sequence[float]) -> None:
        self.items, self.cum = tuple(items), list(accumulate(weights))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random) -> Any:
        return self.items[bisect_right(self.cum, rng.random() * self.total)]


PICK_HOUR = _Weighted(range(24), HOUR_WEIGHTS)
PICK_SURNAME = _Weighted(SURNAMES, SURNAME_WEIGHTS)
PICK_REGION = _Weighted(CN_REGIONS, [r[2] for r in CN_REGIONS])
PICK_COUNTRY = _Weighted(["CN", *(c.code for c in FOREIGN)], [CN_SHARE * 100, *(c.weight for c in FOREIGN)])
PICK_INDUSTRY = _Weighted(INDUSTRIES, INDUSTRY_WEIGHTS)
PICK_SIZE = _Weighted(COMPANY_SIZES, (55, 30, 15))
PICK_INCOME = _Weighted(INCOME_BANDS, INCOME_WEIGHTS)
PICK_CN_MAIL = _Weighted(CN_MAIL, CN_MAIL_WEIGHTS)
PICK_ACQUISITION_CN = _Weighted(ACQUISITION_CN, ACQUISITION_CN_WEIGHTS)
PICK_ACQUISITION_FOREIGN = _Weighted(ACQUISITION_FOREIGN, ACQUISITION_FOREIGN_WEIGHTS)
PICK_ACQUISITION_COMPANY = _Weighted(ACQUISITION_COMPANY, ACQUISITION_COMPANY_WEIGHTS)
PICK_CHANNEL = _Weighted(CHANNELS, CHANNEL_WEIGHTS_PERSON)
# owner: agents carry more customers; the English-speaking staff look after most foreign ones
PICK_OWNER = {
    foreign: _Weighted(
        range(len(STAFF)),
        [(3 if role == Role.AGENT else 1) * (4 if abroad and foreign else 1) for _, _, role, abroad in STAFF],
    )
    for foreign in (False, True)
}


def _ascii(text: str) -> str:
    """'Müller' -> 'mueller', 'Léa' -> 'lea', 'Min-jun' -> 'minjun' (for email local parts)."""
    text = text.replace("ü", "ue").replace("ö", "oe").replace("ä", "ae").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text.lower() if ch.isalnum())
