"""A valid measure file that the loader tests break one way at a time."""
import textwrap

GOOD = textwrap.dedent("""\
    id: cn-test-measure
    title: {zh: 测试, en: test}
    jurisdiction: cn
    document: jiangmen-2022-plan
    effect: grant
    period: {start: 2022-01-01, end: 2022-12-31}
    conditions:
      - test: "graduates_hired > 0"
        pass: {zh: 有, en: some}
        fail: {zh: 无, en: none}
    amount: "graduates_hired * 1500"
    stacking:
      rule: {zh: 独立, en: alone}
    citation:
      seed_file: 000_cca0d35df373ca46.txt
      clause: "28"
      quote: 按每人1500元的标准发放一次性扩岗补助
    """)
