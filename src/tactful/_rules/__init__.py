"""Data only: the tables the recognizer reads. No logic lives here.

Each table is what real providers send, written down once: error codes, the phrases of their
prose (English, Chinese and a few other languages providers answer in), the hosts of their
links, the names of the fields that carry amounts. ``_recognize`` compiles and applies them;
adding a provider or a phrase is an edit here, never a new branch there.

>>> CODES[Kind.INSUFFICIENT_BALANCE] >= {"insufficientbalance", "insufficientcredits"}
True
>>> all(weight in (1, 2, 3, 4) for entries in PHRASES.values() for weight, _ in entries)
True
"""

from __future__ import annotations

from .._model import Kind

# ---- weights ------------------------------------------------------------------------------

STRONG = 4
"""A phrase that names the way out as well as the cause ("please recharge")."""
PHRASE = 3
"""A phrase that says what happened."""
HINT = 2
"""A code, or a phrase that leans one way ("account suspended", "temporarily")."""
WEAK = 1
"""A status such as 402 or 429, or "try again in 5s": true of several kinds."""

# ---- error codes --------------------------------------------------------------------------

# Normalized code token (lower case, letters and digits only) -> kind. A code is read from the
# fields that carry codes (code, type, status, reason, decline_code, name...) and from
# identifiers in prose (RESOURCE_EXHAUSTED, ThrottlingException).
CODES: dict[Kind, frozenset[str]] = {
    Kind.PAYMENT_DECLINED: frozenset(
        {
            "carddeclined",
            "carderror",
            "expiredcard",
            "cardexpired",
            "incorrectcvc",
            "incorrectnumber",
            "invalidcvc",
            "invalidexpirymonth",
            "invalidexpiryyear",
            "genericdecline",
            "donothonor",
            "lostcard",
            "stolencard",
            "pickupcard",
            "restrictedcard",
            "cardvelocityexceeded",
            "paymentdeclined",
            "paymentfailed",
            "paymentintentpaymentattemptfailed",
            "cardnotsupported",
            "transactionnotallowed",
            "instrumentdeclined",
            "processordeclined",
            "paymentmethoddeclined",
        }
    ),
    Kind.BILLING_DISABLED: frozenset(
        {
            "arrearage",
            "billingdisabled",
            "billingnotactive",
            "billingnotenabled",
            "billingaccountnotfound",
            "billingaccountdisabled",
            "billingaccountclosed",
            "billingnotsetup",
            "billingrequired",
            "paymentmethodrequired",
            "invalidpaymentinstrument",
            "nopaymentmethod",
            "accountinarrears",
            "accountoverdue",
            "accountoverdueerror",
            "overduepayment",
            "paymentpastdue",
            "ureqprojectbillingnotfound",
        }
    ),
    Kind.QUOTA_EXHAUSTED: frozenset(
        {
            "insufficientquota",
            "quotaexceeded",
            "quotaexhausted",
            "exceededcurrentquotaerror",
            "billinghardlimitreached",
            "usagelimitexceeded",
            "usagelimitreached",
            "spendlimitexceeded",
            "spendinglimitreached",
            "monthlylimitexceeded",
            "servicequotaexceededexception",
            "freetierexhausted",
            "creditlimitexceeded",
            "planlimitexceeded",
            "allocationquota",
        }
    ),
    Kind.INSUFFICIENT_BALANCE: frozenset(
        {
            "insufficientbalance",
            "insufficientbalanceerror",
            "insufficientaccountbalance",
            "accountbalanceinsufficient",
            "balanceinsufficient",
            "insufficientcredits",
            "insufficientcredit",
            "insufficientcreditbalance",
            "insufficientfunds",
            "creditbalancetoolow",
            "balancetoolow",
            "outofcredits",
            "outofcredit",
            "nocredits",
            "creditsexhausted",
            "balanceexhausted",
            "lowbalance",
            "notenoughcredits",
            "notenoughbalance",
            "openroutercredits",
            # one-api / new-api gateways call the user's prepaid credit a "quota".
            "insufficientuserquota",
        }
    ),
    Kind.RATE_LIMIT: frozenset(
        {
            "ratelimitexceeded",
            "ratelimiterror",
            "ratelimited",
            "ratelimit",
            "toomanyrequests",
            "toomanyrequestserror",
            "toomanyconcurrentrequests",
            "concurrencylimitexceeded",
            "throttlingexception",
            "throttled",
            "throttling",
            "ratequota",
            "requestlimitexceeded",
            "requestthrottled",
            "resourceexhausted",
            "requestsperminute",
            "tokensperminute",
        }
    ),
    Kind.OTHER: frozenset(
        {
            "overloadederror",
            "overloaded",
            "capacityexceeded",
            "serviceunavailable",
            "serviceunavailableexception",
            "modeloverloaded",
            "servertoobusy",
            "systembusy",
            "enginoverloaded",
            "datainspectionfailed",
            "contentfilter",
            "contentpolicyviolation",
            "accessdeniedexception",
            "permissiondenied",
        }
    ),
}

# Codes that mean something only once the provider is known: numeric business codes.
PROVIDER_CODES: dict[str, dict[str, Kind]] = {
    # Zhipu / Z.ai: 1113 is "Insufficient balance or no resource package. Please recharge."
    "Zhipu AI": {"1113": Kind.INSUFFICIENT_BALANCE},
}

# ---- phrases ------------------------------------------------------------------------------

# kind -> (weight, pattern). Matched case-insensitively against the payload's prose with URLs
# removed, so that a link such as .../docs/rate-limits does not count as words.
PHRASES: dict[Kind, tuple[tuple[int, str], ...]] = {
    # a card or other payment refused
    Kind.PAYMENT_DECLINED: (
        (PHRASE, r"\bcard\b[^.]{0,40}\b(?:was |has been |is )?(?:declined|refused|rejected)"),
        (PHRASE, r"\bcard (?:has|had) insufficient funds"),
        (PHRASE, r"\bcard\b[^.]{0,20}\b(?:has )?expired"),
        (
            PHRASE,
            r"\bcard'?s? (?:number|expiration|expiry|security code|cvc"
            r"|cvv)\b[^.]{0,30}\b(?:is )?(?:invalid|incorrect)",
        ),
        (PHRASE, r"\b(?:incorrect|invalid) (?:cvc|cvv|card number|expiry|expiration)"),
        (
            PHRASE,
            r"\b(?:payment|charge|transaction)\b[^.]{0,20}\b(?:was "
            r"|has been )?(?:declined|refused)",
        ),
        (
            PHRASE,
            r"\b(?:instrument|payment method|funding source)\b[^.]{0,40}\b(?:declined"
            r"|refused|rejected|not accepted)",
        ),
        (PHRASE, r"\bdo not honou?r\b"),
        (PHRASE, r"支付失败|扣款失败|(?:银行)?卡被拒|付款被拒|交易被拒"),
        (PHRASE, r"カードが拒否|決済が拒否|支払いが拒否"),
        (
            PHRASE,
            r"tarjeta (?:fue )?rechazada|cart[ãa]o (?:foi )?recusado|pago rechazado"
            r"|pagamento recusado|carte (?:a été )?refusée|paiement refusé"
            r"|Karte (?:wurde )?abgelehnt|Zahlung (?:wurde )?abgelehnt",
        ),
    ),
    # billing not set up, or the account in arrears
    Kind.BILLING_DISABLED: (
        (
            PHRASE,
            r"\bbilling (?:is |has been )?(?:disabled|not (?:been )?(?:enabled|active"
            r"|set ?up|configured))",
        ),
        (PHRASE, r"\bhas billing disabled"),
        (PHRASE, r"\b(?:enable|set ?up|activate|configure) (?:a |your )?billing"),
        (PHRASE, r"\bbilling (?:to be|must be) enabled|\bbilling (?:is )?required\b"),
        (PHRASE, r"\bbilling account\b[^.]{0,80}\b(?:not found|disabled|closed|absent)"),
        (
            PHRASE,
            r"\bno (?:active |valid )?(?:billing account|payment method"
            r"|payment instrument)",
        ),
        (PHRASE, r"\bpayment (?:method|instrument) (?:is |must be )?(?:required|provided)"),
        # A remedy, not a cause: it names billing only where no other problem is stated
        # ("Rate limit reached ... Visit <billing> to add a payment method").
        (HINT, r"\b(?:add|set up|attach) a (?:valid )?(?:payment method|credit card)"),
        (PHRASE, r"\bin arrears?\b|\barrearage\b|\boverdue\b|\bpast[ -]due\b"),
        (
            PHRASE,
            r"\b(?:fail(?:ed|ure)? to pay|unpaid|outstanding) (?:past "
            r"|previous )?(?:invoices?|bills?)",
        ),
        (PHRASE, r"\bgood standing\b"),
        (
            PHRASE,
            r"\b(?:account|subscription) (?:has been |is )?(?:suspended|deactivated"
            r"|disabled|locked) (?:due to|for|because of) (?:non-?payment|unpaid|billing"
            r"|overdue|payment)",
        ),
        (HINT, r"\baccount\b[^.]{0,40}\b(?:is |has been )?(?:suspended|deactivated)\b"),
        (HINT, r"\b(?:account|subscription) is not active\b"),
        (
            PHRASE,
            r"欠费|未开通(?:计费|付费)|开通付费|账户已停用|未绑定(?:支付|付款)|逾期未(?:付|缴)|账单逾期",
        ),
        (PHRASE, r"支払い方法が(?:登録|設定)されていません|未払い"),
    ),
    # a plan, key or spending quota used up
    Kind.QUOTA_EXHAUSTED: (
        (
            PHRASE,
            r"\bexceeded (?:your |the )?(?:current |monthly |daily |free "
            r"|included )*quota",
        ),
        (PHRASE, r"\bexceeds (?:your|the) (?:\w+ )?quota"),
        # A spending cap an administrator sets ("budget ... has been exhausted").
        (PHRASE, r"\bbudget\b[^.]{0,40}\b(?:has been |is |was )?(?:exhausted|exceeded|used up)"),
        (
            PHRASE,
            r"\b(?:exhausted|used up|run out of|used all of) (?:your |the |its )?(?:\w+ ){0,2}"
            r"(?:quota|allocation|allowance)\b",
        ),
        (
            PHRASE,
            r"\bquota (?:has been |was |is )?(?:exceeded|exhausted|used up|reached"
            r"|depleted)",
        ),
        (
            PHRASE,
            r"\b(?:monthly|daily|weekly|usage|spend(?:ing)?|hard|plan|billing"
            r"|budget) limit\b(?: (?:has been |was )?(?:reached|exceeded|hit))?",
        ),
        (PHRASE, r"\breached (?:the|your|its) (?:\w+ ){0,2}limit\b"),
        (
            PHRASE,
            r"\bfree (?:tier|trial|credits?|quota|plan)\b[^.]{0,30}\b(?:expired|ended"
            r"|been used|run out|exhausted|used up)",
        ),
        (PHRASE, r"\bexceeded (?:your |the )?(?:\w+ ){0,3}(?:credits?|allowance)\b"),
        (
            PHRASE,
            r"\b(?:maximum|max|monthly|included) credits? (?:have been "
            r"|has been )?(?:exceeded|reached|used up)",
        ),
        (
            PHRASE,
            r"\b(?:usage|plan|subscription) (?:quota|allowance|limit)s? (?:has been "
            r"|have been )?(?:exceeded|reached|exhausted|used up)",
        ),
        (
            PHRASE,
            r"配额已?(?:用完|用尽|不足|耗尽|超限)|超出(?:配额|额度|限额)|(?:免费|赠送|试用|每日|每月|月度|当日|今日|套餐)(?:额度"
            r"|配额|次数|调用次数)已?(?:用完|用尽|不足|耗尽|到期|达到上限)|额度已?(?:用完|用尽|耗尽)",
        ),
        (
            PHRASE,
            r"クォータ(?:を)?超過|割り当て(?:量)?を超え|cuota (?:excedida|agotada)|cota excedida"
            r"|quota dépassé|Kontingent (?:überschritten|erschöpft)",
        ),
    ),
    # prepaid credit or balance ran out
    Kind.INSUFFICIENT_BALANCE: (
        (
            STRONG,
            r"\bplease recharge\b|\brecharge your (?:account|balance|wallet)\b"
            r"|\btop[ -]?up your (?:account|balance|credits?|wallet)\b",
        ),
        (
            PHRASE,
            r"\b(?:credit |account |wallet )?balance (?:is )?(?:too low|insufficient"
            r"|not enough|exhausted|depleted|negative|empty)",
        ),
        (
            PHRASE,
            r"\binsufficient (?:account |credit |wallet )?(?:balance|credits?|funds"
            r"|tokens)",
        ),
        (
            PHRASE,
            r"(?:\bno|\bnot|n't) (?:have )?(?:any |enough |sufficient )?(?:credits?"
            r"|balance|funds|money)\b(?! limit)",
        ),
        (PHRASE, r"\b(?:more|additional) credits? (?:are |is )?(?:required|needed)"),
        (PHRASE, r"\brequires? more credits"),
        (PHRASE, r"\b(?:run )?out of (?:credits?|balance|funds|money)"),
        (PHRASE, r"\b(?:no|zero) (?:credits?|balance) (?:left|remaining)"),
        (PHRASE, r"\bcan only afford\b|\bbalance not enough"),
        # one-api / new-api gateways call prepaid credit a "quota" (用户额度不足 below).
        (PHRASE, r"\b(?:user|token|account) quota is not enough\b"),
        (PHRASE, r"\b(?:purchase|buy|add) (?:more |additional )?credits?\b"),
        (
            PHRASE,
            r"\bcredits? (?:have |has )?(?:run out|been exhausted|exhausted|been used up"
            r"|depleted)",
        ),
        (PHRASE, r"\bused (?:up )?all (?:of )?(?:your |the |its )?(?:available )?credits?\b"),
        (PHRASE, r"\bnever purchased credits"),
        (STRONG, r"请(?:先|及时)?充值|充值后(?:重试|再试|使用)"),
        (
            PHRASE,
            r"余额不足|余额已?(?:用完|耗尽)|余额为负|(?:用户|账户|账号)额度不足|剩余额度|积分不足|点数不足",
        ),
        (PHRASE, r"残高(?:が)?不足|クレジット(?:が)?不足|잔액(?:이)? 부족|크레딧(?:이)? 부족"),
        (
            PHRASE,
            r"saldo insuficiente|cr[ée]ditos? insuficientes?|solde insuffisant"
            r"|crédits? insuffisants?|unzureichendes Guthaben|nicht genügend Guthaben"
            r"|Guthaben (?:reicht nicht|ist aufgebraucht|zu niedrig)"
            r"|недостаточно (?:средств|кредитов)",
        ),
        (WEAK, r"\bpayment required\b"),
    ),
    # too many requests for now
    Kind.RATE_LIMIT: (
        (PHRASE, r"\brate[ -]?limit"),
        (PHRASE, r"\btoo many (?:requests|tokens|connections|concurrent requests)"),
        (
            PHRASE,
            r"\b(?:requests?|tokens?|calls?|queries) (?:per|/) ?(?:second|minute|min"
            r"|hour)\b",
        ),
        (PHRASE, r"\b(?:tpm|rpm|rps|tps|qps)\b"),
        (
            PHRASE,
            r"\bslow down\b|\bthrottl|\bper-minute\b|\bconcurren(?:t"
            r"|cy) (?:request )?limit",
        ),
        (PHRASE, r"\brequest rate (?:is )?too high\b|\breduce the frequency\b"),
        (WEAK, r"\b(?:try|retry) (?:again )?(?:in|after) ~?\d"),
        (WEAK, r"\bwait (?:for )?~?\d{1,6}\s?(?:s\b|secs?\b|seconds?\b|m\b|mins?\b|minutes?\b)"),
        (
            PHRASE,
            r"请求过于频繁|(?:请求|访问|调用|操作)?(?:过于|太过|太)频繁|频率(?:过高|超限|限制)|限流|速率限制|并发(?:数)?(?:过高"
            r"|超限|超出)",
        ),
        (WEAK, r"稍[后候](?:再试|重试)"),
        (
            PHRASE,
            r"リクエスト(?:が|数が)?多すぎ|レート制限|요청이 너무 많|demasiadas solicitudes|trop de requêtes"
            r"|zu viele Anfragen|слишком много запросов",
        ),
    ),
    # look-alikes: capacity, load, entitlements and moderation are not the account's money
    Kind.OTHER: (
        (
            PHRASE,
            r"\bcapacity (?:exceeded|limit|is bigger|reached)\b|\b(?:available|out of"
            r"|insufficient) capacity\b",
        ),
        (
            PHRASE,
            r"\boverloaded\b|\b(?:server|service|system|model|engine)s? (?:is "
            r"|are )?(?:currently )?(?:busy|unavailable|overloaded)",
        ),
        (
            PHRASE,
            r"\bhigh demand\b|\bpeak load\b|\bexperiencing (?:high|heavy) (?:load"
            r"|traffic|demand)",
        ),
        (PHRASE, r"\bmemory (?:limit|cap)\b|\b(?:extra|additional) usage is required\b"),
        (PHRASE, r"\bnot (?:available|included|supported) (?:on|in|for) your (?:plan|tier)\b"),
        (
            PHRASE,
            r"\b(?:access|permission) (?:is |was )?denied\b|\bnot authori[sz]ed to\b"
            r"|\bdo(?:n't| not|es not|esn't) have (?:access|permission) to\b",
        ),
        (
            PHRASE,
            r"\b(?:inappropriate|unsafe|sensitive) content\b|\bcontent (?:filter"
            r"|moderation|policy)\b",
        ),
        (HINT, r"\btemporar(?:y|ily)\b|\bretry shortly\b|\bbeing (?:reconciled|processed)\b"),
        (
            PHRASE,
            r"服务(?:器)?繁忙|系统繁忙|容量不足|负载(?:过高|已饱和)|内容(?:不安全|违规|敏感)|敏感内容",
        ),
    ),
}

# A quota phrase in the same sentence as one of these is a rate limit: the quota is per second,
# minute or hour, and waiting fixes it ("Quota exceeded for ..._per_minute_...").
RATE_WINDOW = (
    r"(?:\b|_)per[ _-]?(?:second|sec|minute|min|hour)(?![a-z])|Per(?:Second|Minute|Hour)"
    r"|\b(?:tpm|rpm|rps|tps|qps)\b|/ ?(?:second|sec|minute|min|hour)\b|每(?:秒|分钟|小时)"
)

# Advice to raise a limit by paying ("add a payment method to increase your rate limit"): a
# sentence that says it names no billing problem; the limit it speaks of is what was hit.
LIMIT_UPSELL = r"\b(?:increase|raise|lift|higher|more)\b[^.]{0,30}\b(?:rate[ -]?)?limits?\b"

# The error types of Anthropic's envelope, {"type": "error", "error": {"type": ...}}, as its
# API reference lists them. Gateways copy the envelope with types of their own ("new_api_error")
# or with request ids that are not Anthropic's ("req_..."); those bodies are not Anthropic's.
ANTHROPIC_ERROR_TYPES = frozenset(
    {
        "invalid_request_error",
        "authentication_error",
        "billing_error",
        "permission_error",
        "not_found_error",
        "request_too_large",
        "rate_limit_error",
        "api_error",
        "timeout_error",
        "overloaded_error",
    }
)

# A member naming the window of the limit that was hit ("window": "hour"): a quota counted per
# second, minute or hour is a rate limit, whatever its code says.
WINDOW_KEYS = frozenset({"window", "period", "interval", "time_window", "limit_window"})
SHORT_WINDOW = r"(?:per[ _-]?)?(?:1 ?)?(?:s|sec|second|m|min|minute|h|hr|hour)s?|hourly|minutely"

# When two kinds have equally strong evidence, the first in this order wins: paying problems
# name their cause more precisely than generic limits do, a plan limit stops a request even
# with credit left, and a statement about capacity or entitlement explains a "per minute"
# figure better than a rate limit would.
PRIORITY = (
    Kind.PAYMENT_DECLINED,
    Kind.BILLING_DISABLED,
    Kind.QUOTA_EXHAUSTED,
    Kind.INSUFFICIENT_BALANCE,
    Kind.OTHER,
    Kind.RATE_LIMIT,
)

# ---- providers ----------------------------------------------------------------------------

# (host suffix or host/path prefix, provider), matched against the links in the payload.
# More specific entries come first.
PROVIDER_HOSTS: tuple[tuple[str, str], ...] = (
    ("openai.azure.com", "Azure OpenAI"),
    ("cognitiveservices.azure.com", "Azure OpenAI"),
    ("aka.ms/oai", "Azure OpenAI"),
    ("openai.com", "OpenAI"),
    ("anthropic.com", "Anthropic"),
    ("claude.ai", "Anthropic"),
    ("claude.com", "Anthropic"),
    ("deepseek.com", "DeepSeek"),
    ("openrouter.ai", "OpenRouter"),
    ("jina.ai", "Jina AI"),
    ("generativelanguage.googleapis.com", "Google Gemini API"),
    ("ai.google.dev", "Google Gemini API"),
    ("aistudio.google.com", "Google Gemini API"),
    ("ai.dev", "Google Gemini API"),
    ("aiplatform.googleapis.com", "Google Vertex AI"),
    ("cloud.google.com/vertex-ai", "Google Vertex AI"),
    ("maps.googleapis.com", "Google Maps Platform"),
    ("developers.google.com/maps", "Google Maps Platform"),
    ("googleapis.com", "Google Cloud"),
    ("cloud.google.com", "Google Cloud"),
    ("console.developers.google.com", "Google Cloud"),
    ("stripe.com", "Stripe"),
    ("paypal.com", "PayPal"),
    ("elevenlabs.io", "ElevenLabs"),
    ("replicate.com", "Replicate"),
    ("aka.ms", "Azure OpenAI"),
    ("azure.com", "Azure OpenAI"),
    ("help.aliyun.com/zh/model-studio", "Alibaba Cloud DashScope"),
    ("dashscope.aliyuncs.com", "Alibaba Cloud DashScope"),
    ("aliyun.com", "Alibaba Cloud DashScope"),
    ("aliyuncs.com", "Alibaba Cloud DashScope"),
    ("alibabacloud.com", "Alibaba Cloud DashScope"),
    ("amazonaws.com", "AWS Bedrock"),
    ("aws.amazon.com", "AWS Bedrock"),
    ("groq.com", "Groq"),
    ("mistral.ai", "Mistral AI"),
    ("cohere.com", "Cohere"),
    ("cohere.ai", "Cohere"),
    ("together.ai", "Together AI"),
    ("together.xyz", "Together AI"),
    ("perplexity.ai", "Perplexity"),
    ("fireworks.ai", "Fireworks AI"),
    ("x.ai", "xAI"),
    ("grok.com", "xAI"),
    ("moonshot.cn", "Moonshot AI"),
    ("moonshot.ai", "Moonshot AI"),
    ("kimi.com", "Moonshot AI"),
    ("bigmodel.cn", "Zhipu AI"),
    ("z.ai", "Zhipu AI"),
    ("siliconflow.cn", "SiliconFlow"),
    ("siliconflow.com", "SiliconFlow"),
    ("volces.com", "Volcengine Ark"),
    ("volcengine.com", "Volcengine Ark"),
    ("baidubce.com", "Baidu Qianfan"),
    ("huggingface.co", "Hugging Face"),
    ("sendgrid.com", "SendGrid"),
    ("twilio.com", "Twilio"),
    ("mailgun.com", "Mailgun"),
)

# Names that a more specific one, named elsewhere in the payload, replaces.
GENERIC_PROVIDERS = frozenset({"Google Cloud"})

# Names in the payload's prose, when no link names the provider. (pattern, provider); the
# patterns are case-sensitive where the name is also an everyday word.
PROVIDER_WORDS: tuple[tuple[str, str], ...] = (
    (r"\bAzure OpenAI\b|\bAzureException\b", "Azure OpenAI"),
    (r"(?i)\banthropic\b", "Anthropic"),
    (r"(?i)\bopenrouter\b", "OpenRouter"),
    (r"(?i)\bdeepseek\b", "DeepSeek"),
    (r"\bOpenAI\b", "OpenAI"),
    (r"(?i)\bdashscope\b|\bBailian\b|\bModel Studio\b|百炼|通义千问", "Alibaba Cloud DashScope"),
    (r"\bBedrock\b|\bAWSBedrockRuntime\b", "AWS Bedrock"),
    (r"\bVertex AI\b|\bVertexAI\b", "Google Vertex AI"),
    (r"\bGemini\b", "Google Gemini API"),
    (r"(?i)\belevenlabs\b", "ElevenLabs"),
    (r"\bReplicate\b", "Replicate"),
    (r"\bStripe\b", "Stripe"),
    (r"\bPayPal\b", "PayPal"),
    (r"(?i)\bgroq\b", "Groq"),
    (r"\bMistral\b", "Mistral AI"),
    (r"(?i)\bcohere\b", "Cohere"),
    (r"\bTogether AI\b", "Together AI"),
    (r"\bPerplexity\b", "Perplexity"),
    (r"\bFireworks\b|\bFireworks_ai\b", "Fireworks AI"),
    (r"\bxAI\b|\bGrok\b", "xAI"),
    (r"\bMoonshot\b|\bKimi\b", "Moonshot AI"),
    (r"(?i)\bzhipu\b|智谱", "Zhipu AI"),
    (r"(?i)\bsiliconflow\b|硅基流动", "SiliconFlow"),
    (r"\bJina\b", "Jina AI"),
    (r"(?i)\bhugging ?face\b", "Hugging Face"),
    (r"(?i)\bsendgrid\b", "SendGrid"),
    (r"(?i)\btwilio\b", "Twilio"),
    (r"(?i)\bmailgun\b", "Mailgun"),
    (r"\bERNIE\b|\bQianfan\b|文心|千帆", "Baidu Qianfan"),
    (r"(?i)\bvolcengine\b|火山引擎|豆包", "Volcengine Ark"),
)

# Code tokens that identify the provider that sent them.
PROVIDER_BY_CODE: tuple[tuple[str, str], ...] = (
    ("arrearage", "Alibaba Cloud DashScope"),
    ("datainspectionfailed", "Alibaba Cloud DashScope"),
    ("throttlingexception", "AWS Bedrock"),
    ("servicequotaexceededexception", "AWS Bedrock"),
    ("exceededcurrentquotaerror", "Moonshot AI"),
    ("instrumentdeclined", "PayPal"),
)

# ---- fields -------------------------------------------------------------------------------

CODE_KEYS = frozenset(
    {
        "code",
        "type",
        "name",
        "status",
        "reason",
        "error",
        "errorcode",
        "error_code",
        "errortype",
        "error_type",
        "__type",
        "declinecode",
        "decline_code",
        "stripeerrorcode",
        "limit_source",
        "@type",
        "subcode",
        "kind",
    }
)
MESSAGE_KEYS = frozenset(
    {
        "message",
        "detail",
        "readablemessage",
        "error_message",
        "errormessage",
        "error_msg",
        "localizedmessage",
        "user_message",
        "error_description",
        "title",
        "msg",
        "error",
        "errmsg",
        "stripeapierror",
    }
)
# Texts that help only when nothing else speaks (Google's link descriptions, hints).
HINT_KEYS = frozenset({"description", "remedy_hint"})
STATUS_KEYS = frozenset(
    {
        "code",
        "status",
        "statuscode",
        "status_code",
        "raw_status_code",
        "http_status",
        "httpstatus",
        "httpstatuscode",
        "upstreamstatus",
        "upstream_status",
        "$status",
    }
)
REQUEST_ID_KEYS = frozenset(
    {
        "request_id",
        "requestid",
        "request-id",
        "x-request-id",
        "aws_request_id",
        "debug_id",
        "trace_id",
    }
)
REQUEST_ID_HEADERS = (
    "x-request-id",
    "request-id",
    "x-amzn-requestid",
    "x-amz-request-id",
    "x-ms-request-id",
    "apim-request-id",
    "cf-ray",
)
URL_KEYS = frozenset(
    {
        "recharge_url",
        "rechargeurl",
        "top_up_url",
        "topup_url",
        "topupurl",
        "billing_url",
        "billingurl",
        "payment_url",
        "paymenturl",
        "upgrade_url",
        "upgradeurl",
        "checkout_url",
        "purchase_url",
    }
)
PROVIDER_KEYS = frozenset({"provider_name", "providername", "provider"})
RETRY_KEYS = frozenset({"retry_after", "retryafter", "retry_after_seconds", "retrydelay"})
CURRENCY_KEYS = frozenset({"currency", "currency_code", "currencycode", "unit"})

# Field name (lower case) -> the role of the amount it holds.
FIELD_ROLES: dict[str, str] = {
    "balance": "balance",
    "current_balance": "balance",
    "available_balance": "balance",
    "account_balance": "balance",
    "credit_balance": "balance",
    "remaining_balance": "balance",
    "total_balance": "balance",
    "totalbalance": "balance",
    "credits_remaining": "balance",
    "remaining_credits": "balance",
    "credits_left": "balance",
    "remaining": "balance",
    "available": "balance",
    "available_credits": "balance",
    "credits": "balance",
    "cost": "cost",
    "price": "cost",
    "required": "cost",
    "required_credits": "cost",
    "required_amount": "cost",
    "amount_required": "cost",
    "requested_amount": "cost",
    "estimated_cost": "cost",
    "shortfall": "shortfall",
    "deficit": "shortfall",
    "amount_due": "shortfall",
    "limit": "limit",
    "quota": "limit",
    "quotavalue": "limit",
    "character_limit": "limit",
    "credit_limit": "limit",
    "hard_limit": "limit",
    "hard_limit_usd": "limit",
    "quota_limit": "limit",
    "used": "used",
    "usage": "used",
    "character_used": "used",
    "character_count": "used",
    "credits_used": "used",
    "total_usage": "used",
    "quota_used": "used",
}
FIELD_UNITS = {
    "character_limit": "characters",
    "character_used": "characters",
    "character_count": "characters",
}

# ---- links --------------------------------------------------------------------------------

# Words before a link that make it the way to pay ("Add credits at https://...").
TOP_UP_CUE = (
    r"(?:top[ -]?up|recharge|add (?:more |additional )?(?:credits?|funds|balance)|purchase"
    r"|buy|pay|billing|upgrade|subscribe|充值|购买)\b[^.\n]{0,40}$"
)
TOP_UP_PATH = (
    r"credit|billing|recharge|top-?up|payment|purchase|plans|upgrade|subscribe|pricing|"
    r"settings/keys|buy|pay\b|account|usage"
)
DOCS_PATH = r"^(?:help|docs|support)\.|/docs?/|error-codes?|rate-limits?|/help/|contact-sales|/api/"

# ---- amounts ------------------------------------------------------------------------------

UNIT_ALTERNATION = (
    r"credits?|tokens?|characters?|chars|searches|search|requests?|points?|units?|积分|点数|元"
)
"""Unit words read right after an amount ("4000 tokens")."""

# (role, words before the amount, words after it): where providers put each figure in prose.
# Earlier rows win; a role read from a field is never overwritten by prose.
AMOUNT_CONTEXTS: tuple[tuple[str, str, str], ...] = (
    ("balance", r"\bbalance (?:is|of|:)(?: only)?", ""),
    ("balance", r"\bavailable capacity(?: is| of)?", ""),
    ("cost", r"\b(?:specified|requested|required) capacity(?: is| of)?", ""),
    ("balance", r"\bcan only afford", ""),
    ("balance", r"\byou have(?: only)?", r"\s*(?:left|remaining|available)"),
    ("balance", r"\brequired,", r"\s*available"),
    ("balance", r"\bremain(?:ing)?(?: balance| credits?| quota)?(?: is|:)", ""),
    ("balance", r"余额度?\s*(?:为|是)?\s*[:：]?", ""),
    ("cost", r"\b(?:that |it |this request |this )?costs?", ""),
    ("cost", r"\brequested up to", ""),
    ("cost", r"\brequested", ""),
    ("cost", r"\b(?:while|and)", r"\s*(?:are |is )?required"),
    ("cost", "", r"\s*(?:token |credit )?(?:capacity )?required"),
    ("cost", r"\b(?:needs?|requires?)(?! more)", ""),
    ("cost", r"\b(?:need|needed|required) (?:quota|credits?|balance)\s*[:=]", ""),
    (
        "shortfall",
        r"\b(?:need|needs|require|requires)",
        r"\s*more(?:\s+(?P<tail>" + UNIT_ALTERNATION + r"))?\b",
    ),
    ("shortfall", r"\bshort (?:by|of)", ""),
    ("limit", r"\bquota of", ""),
    ("limit", r"\blimited to", ""),
    ("limit", r"\blimit for [^.]{0,80}? of", ""),
    ("limit", r"\blimit(?: of| is|:)?", ""),
    ("used", r"\bused", ""),
    ("used", r"\b(?:current )?(?:quota )?usage (?:is|of|:)", ""),
)

UNIT_WORDS = {
    "credit": "credits",
    "credits": "credits",
    "token": "tokens",
    "tokens": "tokens",
    "character": "characters",
    "characters": "characters",
    "chars": "characters",
    "search": "searches",
    "searches": "searches",
    "request": "requests",
    "requests": "requests",
    "call": "requests",
    "calls": "requests",
    "api calls": "requests",
    "point": "points",
    "points": "points",
    "unit": "units",
    "units": "units",
    "minutes": "minutes",
    "seconds": "seconds",
    "积分": "points",
    "点数": "points",
    "元": "CNY",
}
SYMBOLS = {
    "$": "USD",
    "US$": "USD",
    "＄": "USD",
    "€": "EUR",
    "£": "GBP",
    "￡": "GBP",
    "₹": "INR",
    "₩": "KRW",
    "￦": "KRW",
    "₽": "RUB",
    "R$": "BRL",
    "¥": "JPY",
    "￥": "CNY",
    "C$": "CAD",
    "A$": "AUD",
    "CA$": "CAD",
}
# ISO 4217 codes read after an amount ("30 USD"); RMB is read as CNY.
CURRENCY_CODES = frozenset(
    {
        *("USD", "EUR", "GBP", "JPY", "CNY", "RMB", "INR", "KRW", "BRL", "CAD", "AUD", "CHF"),
        *("SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "RUB", "TRY", "MXN", "HKD", "TWD", "SGD"),
        *("NZD", "ZAR", "KWD", "BHD", "JOD", "AED", "SAR", "ILS", "IDR", "THB", "VND", "PHP"),
        "MYR",
    }
)
