"""The phrases of each :class:`Kind` in prose, in English, Chinese and other languages.

Edit this file to teach the recognizer a new phrase: add ``(weight, pattern)`` under its kind,
then run ``python tools/gate_table.py`` (the prefilter's readings of each pattern are generated;
a test compares them byte for byte).

>>> all(weight in (1, 2, 3, 4) for entries in PHRASES.values() for weight, _ in entries)
True
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .._model import Kind
from .kinds import HINT, PHRASE, STRONG, WEAK

# kind -> (weight, pattern). Matched case-insensitively against the payload's prose with URLs
# removed, so that a link such as .../docs/rate-limits does not count as words.
PHRASES: Mapping[Kind, tuple[tuple[int, str], ...]] = MappingProxyType(
    {
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
            # "Over quota limit.", "out of quota" (XML gateways and storage services).
            (PHRASE, r"\b(?:over|out of) (?:your |the |its )?(?:\w+ )?quota\b"),
            # A spending cap an administrator sets ("budget ... has been exhausted").
            (
                PHRASE,
                r"\bbudget\b[^.]{0,40}\b(?:has been |is |was )?(?:exhausted|exceeded|used up)",
            ),
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
            (
                WEAK,
                r"\bwait (?:for )?~?\d{1,6}\s?(?:s\b|secs?\b|seconds?\b|m\b|mins?\b|minutes?\b)",
            ),
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
)

# A quota phrase in the same sentence as one of these is a rate limit: the quota is per second,
# minute or hour, and waiting fixes it ("Quota exceeded for ..._per_minute_...").
RATE_WINDOW = (
    r"(?:\b|_)per[ _-]?(?:second|sec|minute|min|hour)(?![a-z])|Per(?:Second|Minute|Hour)"
    r"|\b(?:tpm|rpm|rps|tps|qps)\b|/ ?(?:second|sec|minute|min|hour)\b|每(?:秒|分钟|小时)"
)

# Advice to raise a limit by paying ("add a payment method to increase your rate limit"): a
# sentence that says it names no billing problem; the limit it speaks of is what was hit.
LIMIT_UPSELL = r"\b(?:increase|raise|lift|higher|more)\b[^.]{0,30}\b(?:rate[ -]?)?limits?\b"


# The value of such a member ("window": "hour") that names a window of a second, minute or
# hour (see fields.WINDOW_KEYS).
SHORT_WINDOW = r"(?:per[ _-]?)?(?:1 ?)?(?:s|sec|second|m|min|minute|h|hr|hour)s?|hourly|minutely"
