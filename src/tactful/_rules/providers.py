"""One record per provider: what names it in a payload.

Edit this file to add a provider, or to teach the recognizer a new host, name or code of one.
Records are in alphabetical order for the reader only: **order does not matter**. Where several
records could name a payload, the recognizer applies one explicit rule (see
``tactful._recognize.providers``):

- a link: the most specific host entry wins (the longest matching host, then the longest path
  prefix); two records may not hold the same entry;
- a name in prose: the one that starts first, then the longest, then the first by name;
- a code: the first in the payload that identifies a provider; two records may not share one.

>>> by_name = {p.name: p for p in PROVIDERS}
>>> by_name["Zhipu AI"].numeric_codes
(('1113', <Kind.INSUFFICIENT_BALANCE: 'insufficient_balance'>),)
>>> len(by_name) == len(PROVIDERS)
True
"""

from __future__ import annotations

from dataclasses import dataclass

from .._model import Kind


@dataclass(frozen=True)
class Provider:
    """What identifies one provider in a payload."""

    name: str
    """The name shown to the reader."""
    hosts: tuple[str, ...] = ()
    """Host suffixes ("openai.com" is also "api.openai.com") or host/path prefixes
    ("cloud.google.com/vertex-ai") of the links it puts in its errors."""
    words: str | None = None
    """A regular expression for its name in prose, case-sensitive where the name is also an
    everyday word (``(?i)`` otherwise). Changing it means running ``tools/gate_table.py``."""
    codes: frozenset[str] = frozenset()
    """Normalized code tokens (lower case, letters and digits) that only it sends."""
    code_prefixes: tuple[str, ...] = ()
    """Beginnings of code values that only it sends ("type.googleapis.com/..."): read after
    every other sign, because they name the platform rather than the product."""
    numeric_codes: tuple[tuple[str, Kind], ...] = ()
    """Its own business codes, which mean a kind only once the provider is known."""
    envelope_types: frozenset[str] = frozenset()
    """The error types of its envelope ``{"type": "error", "error": {"type": ...}}``."""
    envelope_request_id_prefix: str = ""
    """The prefix of the ``request_id`` beside that envelope, when there is one: gateways
    copy the envelope, with request ids of their own."""
    generic: bool = False
    """A name that a more specific one, named elsewhere in the payload, replaces (a cloud
    platform, where the payload may also name the product)."""


PROVIDERS: tuple[Provider, ...] = (
    Provider(
        "Alibaba Cloud DashScope",
        hosts=(
            "help.aliyun.com/zh/model-studio",
            "dashscope.aliyuncs.com",
            "aliyun.com",
            "aliyuncs.com",
            "alibabacloud.com",
        ),
        words=r"(?i)\bdashscope\b|\bBailian\b|\bModel Studio\b|百炼|通义千问",
        codes=frozenset({"arrearage", "datainspectionfailed"}),
    ),
    Provider(
        "Anthropic",
        hosts=("anthropic.com", "claude.ai", "claude.com"),
        words=r"(?i)\banthropic\b",
        # The error types its API reference lists. Gateways copy the envelope with types of
        # their own ("new_api_error") or request ids that are not Anthropic's.
        envelope_types=frozenset(
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
        ),
        envelope_request_id_prefix="req_",
    ),
    Provider(
        "AWS Bedrock",
        hosts=("amazonaws.com", "aws.amazon.com"),
        words=r"\bBedrock\b|\bAWSBedrockRuntime\b",
        codes=frozenset({"throttlingexception", "servicequotaexceededexception"}),
    ),
    Provider(
        "Azure OpenAI",
        hosts=(
            "openai.azure.com",
            "cognitiveservices.azure.com",
            "aka.ms/oai",
            "aka.ms",
            "azure.com",
        ),
        words=r"\bAzure OpenAI\b|\bAzureException\b",
    ),
    Provider(
        "Baidu Qianfan",
        hosts=("baidubce.com",),
        words=r"\bERNIE\b|\bQianfan\b|文心|千帆",
    ),
    Provider("Cohere", hosts=("cohere.com", "cohere.ai"), words=r"(?i)\bcohere\b"),
    Provider("DeepSeek", hosts=("deepseek.com",), words=r"(?i)\bdeepseek\b"),
    Provider("ElevenLabs", hosts=("elevenlabs.io",), words=r"(?i)\belevenlabs\b"),
    Provider("Fireworks AI", hosts=("fireworks.ai",), words=r"\bFireworks\b|\bFireworks_ai\b"),
    Provider(
        "Google Cloud",
        hosts=("googleapis.com", "cloud.google.com", "console.developers.google.com"),
        code_prefixes=("type.googleapis.com",),
        generic=True,
    ),
    Provider(
        "Google Gemini API",
        hosts=(
            "generativelanguage.googleapis.com",
            "ai.google.dev",
            "aistudio.google.com",
            "ai.dev",
        ),
        words=r"\bGemini\b",
    ),
    Provider("Google Maps Platform", hosts=("maps.googleapis.com", "developers.google.com/maps")),
    Provider(
        "Google Vertex AI",
        hosts=("aiplatform.googleapis.com", "cloud.google.com/vertex-ai"),
        words=r"\bVertex AI\b|\bVertexAI\b",
    ),
    Provider("Groq", hosts=("groq.com",), words=r"(?i)\bgroq\b"),
    Provider("Hugging Face", hosts=("huggingface.co",), words=r"(?i)\bhugging ?face\b"),
    Provider("Jina AI", hosts=("jina.ai",), words=r"\bJina\b"),
    Provider("Mailgun", hosts=("mailgun.com",), words=r"(?i)\bmailgun\b"),
    Provider("Mistral AI", hosts=("mistral.ai",), words=r"\bMistral\b"),
    Provider(
        "Moonshot AI",
        hosts=("moonshot.cn", "moonshot.ai", "kimi.com"),
        words=r"\bMoonshot\b|\bKimi\b",
        codes=frozenset({"exceededcurrentquotaerror"}),
    ),
    Provider("OpenAI", hosts=("openai.com",), words=r"\bOpenAI\b"),
    Provider("OpenRouter", hosts=("openrouter.ai",), words=r"(?i)\bopenrouter\b"),
    Provider(
        "PayPal",
        hosts=("paypal.com",),
        words=r"\bPayPal\b",
        codes=frozenset({"instrumentdeclined"}),
    ),
    Provider("Perplexity", hosts=("perplexity.ai",), words=r"\bPerplexity\b"),
    Provider("Replicate", hosts=("replicate.com",), words=r"\bReplicate\b"),
    Provider("SendGrid", hosts=("sendgrid.com",), words=r"(?i)\bsendgrid\b"),
    Provider(
        "SiliconFlow",
        hosts=("siliconflow.cn", "siliconflow.com"),
        words=r"(?i)\bsiliconflow\b|硅基流动",
    ),
    Provider("Stripe", hosts=("stripe.com",), words=r"\bStripe\b"),
    Provider("Together AI", hosts=("together.ai", "together.xyz"), words=r"\bTogether AI\b"),
    Provider("Twilio", hosts=("twilio.com",), words=r"(?i)\btwilio\b"),
    Provider(
        "Volcengine Ark",
        hosts=("volces.com", "volcengine.com"),
        words=r"(?i)\bvolcengine\b|火山引擎|豆包",
    ),
    Provider("xAI", hosts=("x.ai", "grok.com"), words=r"\bxAI\b|\bGrok\b"),
    Provider(
        "Zhipu AI",
        hosts=("bigmodel.cn", "z.ai"),
        words=r"(?i)\bzhipu\b|智谱",
        # 1113 is "Insufficient balance or no resource package. Please recharge."
        numeric_codes=(("1113", Kind.INSUFFICIENT_BALANCE),),
    ),
)
