from __future__ import annotations

from nianbao.corpus.copies import covered_share, find_copies
from nianbao.records import RawDocument
from nianbao.report import build_report

PROBLEMS = "一是各办沟通协调水平有待进一步提升，主动配合重大事项公开的意识还不够强。二是工作人员更换频繁，接手政务公开工作时间较短，信息内容把关不够。"


def report(unit: str, year: int, five: str, path: str):
    text = (
        f"{unit}{year}年政府信息公开工作年度报告\n一、总体情况\n见{path}。\n"
        f"五、存在的主要问题及改进情况\n{five}\n六、其他需要报告的事项\n{year}年度未收取信息处理费。\n"
    )
    return build_report(RawDocument(path=path, fmt="txt", text=text))


def test_verbatim_near_and_reordered_copies_between_units():
    a = report("甲县甲乡人民政府", 2024, PROBLEMS + "三是按时开展培训。", "a.txt")
    near = PROBLEMS.replace("各办", "各站所").replace("时间较短", "时间不长")
    b = report("乙县乙乡人民政府", 2024, "本乡另有情况说明，与他处不同。" + near, "b.txt")
    sentences = PROBLEMS.split("。")
    c = report("丙县丙镇人民政府", 2024, sentences[1] + "。" + sentences[0] + "。", "c.txt")
    pairs = find_copies([a, b, c])
    kinds = {(p.a.report, p.b.report): p.kind for p in pairs if p.relation == "copy"}
    assert kinds[("a.txt", "b.txt")] == "near"
    assert kinds[("a.txt", "c.txt")] == "verbatim"  # reordered sentences, each copied verbatim
    ab = next(p for p in pairs if (p.a.report, p.b.report) == ("a.txt", "b.txt"))
    assert "各站所" in ab.b.text and "各办" in ab.a.text  # both sides' spans
    assert covered_share(b, [ab.b.span]) > 0.5


def test_same_unit_last_year_is_stickiness_not_copy():
    a = report("甲县甲乡人民政府", 2023, PROBLEMS, "a.txt")
    b = report("甲县甲乡人民政府", 2024, PROBLEMS, "b.txt")
    pairs = find_copies([a, b])
    assert pairs and {p.relation for p in pairs} == {"stickiness"}


def test_mandated_formulas_and_unrelated_text_are_not_copies():
    a = report(
        "甲县甲乡人民政府",
        2024,
        "根据《中华人民共和国政府信息公开条例》规定，认真开展工作。",
        "a.txt",
    )
    b = report(
        "乙县乙乡人民政府",
        2024,
        "根据《中华人民共和国政府信息公开条例》规定，主动接受监督。",
        "b.txt",
    )
    assert find_copies([a, b]) == []


def test_wording_many_units_share_is_a_template_not_a_copy():
    from nianbao.corpus.copies import TEMPLATE_UNITS, template_pieces, units_of
    from nianbao.scores import analyse

    stock = "今年本单位按照上级部署，把政府信息公开工作纳入全年重点任务清单统筹推进。"
    units = ["甲", "乙", "丙", "丁", "戊", "己"][:TEMPLATE_UNITS]
    reports = [
        # the unit's own name and its numbers do not make the wording its own
        report(f"某县{u}乡人民政府", 2024, stock.replace("本单位", f"{u}乡") + "全年办理12件。"
               .replace("12", str(10 + k)), f"{k}.txt")
        for k, u in enumerate(units)
    ]  # fmt: skip
    reports.append(report("某县庚乡人民政府", 2024, PROBLEMS, "g.txt"))
    reports.append(report("某县辛乡人民政府", 2024, PROBLEMS, "h.txt"))
    pieces = [units_of(r, i) for i, r in enumerate(reports)]
    assert template_pieces(reports, pieces)  # the stock sentence, once names are blanked
    pairs = [p for p in find_copies(reports) if p.relation == "copy"]
    assert not any("纳入全年重点任务清单" in p.a.text for p in pairs)
    # two units sharing a paragraph are still a copy
    assert any(p.a.report == "g.txt" and "沟通协调" in p.a.text for p in pairs)
    first = analyse(reports)[0]
    assert not any("纳入全年重点任务清单" in e.quote for e in first.score("copied_share").evidence)
    boiler = first.score("boilerplate_share", "problems")
    assert boiler.value and any("模板句" in (e.ref or "") for e in boiler.evidence)


def test_stock_wording_is_common_and_only_rare_shared_text_is_a_copy():
    from nianbao.corpus.copies import TEMPLATE_UNITS, common_text, units_of

    stock = "按照上级统一部署，本单位持续推进政务公开标准化规范化建设，公开栏目设置更加合理。"
    names = ["甲", "乙", "丙", "丁", "戊", "己", "庚"][: TEMPLATE_UNITS + 2]
    own = {  # each unit's own facts; 甲 and 乙 share theirs (one copied the other)
        "甲": "在青石村、柳河村便民服务点设置公开栏，每周三集中更新宅基地审批事项。",
        "乙": "在青石村、柳河村便民服务点设置公开栏，每周三集中更新宅基地审批事项。",
    }
    reports = [
        report(f"某县{u}乡人民政府", 2024,
               stock.replace("本单位", f"{u}乡") + own.get(u, f"{u}乡另行组织{u}家{u}户座谈会听取意见建议。"),
               f"{u}.txt")
        for u in names
    ]  # fmt: skip
    units = [units_of(r, i) for i, r in enumerate(reports)]
    common = common_text(reports, units)
    stock_pieces = [u for us in units for u in us if "标准化规范化" in u.text]
    assert len(stock_pieces) == len(names) and all(common.is_template(u) for u in stock_pieces)
    shared = [u for u in units[0] if "青石村" in u.text]
    assert shared and not common.is_template(shared[0])
    pairs = [p for p in find_copies(reports) if p.relation == "copy"]
    assert {(p.a.report, p.b.report) for p in pairs} == {("甲.txt", "乙.txt")}
    assert "青石村" in pairs[0].a.text and "标准化" not in pairs[0].a.text


def test_paraphrase_candidates_are_the_exact_similarity_join():
    import numpy as np

    from nianbao.corpus.copies import Piece, _vector_neighbours

    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((300, 16)).astype(np.float32)
    vectors[150:160] = vectors[:10] + 0.05 * rng.standard_normal((10, 16))  # near twins
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    flat = [Piece(k // 3, k % 3, (0, 0), "") for k in range(300)]
    sims = vectors @ vectors.T
    for only in (None, {0, 5, 151}):
        expected = {
            tuple(sorted((flat[x].report, flat[y].report)))
            for x, y in zip(*np.nonzero(sims >= 0.98), strict=True)
            if flat[x].report != flat[y].report and (only is None or x in only or y in only)
        }
        found = _vector_neighbours(flat, vectors, 0.98, only, block=64)
        assert set(found) == expected and expected


def _pair_key(p) -> tuple:
    return (p.a.report, p.a.span, p.b.report, p.b.span, p.kind, p.relation, p.similarity)


def test_an_incremental_comparison_finds_what_a_full_one_finds(tmp_path):
    from evaluation import synth

    from nianbao import read_report

    synth.generate(45, seed=5, out=tmp_path)
    files = sorted(p for p in tmp_path.rglob("*") if p.is_file() and p.name != "truth.json")
    reports = [read_report(p) for p in files]
    index = {r.path: i for i, r in enumerate(reports)}
    full = find_copies(reports)
    assert any(p.relation == "copy" for p in full)
    involved = {index[p.a.report] for p in full if p.relation == "copy"}
    fresh = {min(involved), max(involved)}  # reports with copies, as if just added
    known: dict = {}
    for p in full:
        i, j = sorted((index[p.a.report], index[p.b.report]))
        if i not in fresh and j not in fresh:
            known.setdefault((i, j), []).append(p)
    expected = sorted(map(_pair_key, full))
    # only the new reports' pieces are joined with the others
    computed: dict = {}
    again = find_copies(reports, fresh=fresh, known=known, computed=computed)
    assert sorted(map(_pair_key, again)) == expected
    assert computed and all(i in fresh or j in fresh for i, j in computed)


def test_paraphrase_join_beyond_the_exact_size_finds_what_the_exact_join_finds():
    import numpy as np

    from nianbao.corpus.copies import Piece, _vector_neighbours

    rng = np.random.default_rng(5)
    # crowded like the sentence model: unrelated pieces at cosine ≈ 0.93, twins above 0.985
    base = rng.standard_normal(64)
    vectors = base / np.linalg.norm(base) + 0.27 * rng.standard_normal((4000, 64)) / 8
    vectors[3500:] = vectors[:500] + 0.06 * rng.standard_normal((500, 64)) / 8
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    flat = [Piece(k, 0, (0, 0), "") for k in range(len(vectors))]
    exact = set(_vector_neighbours(flat, vectors, 0.985, None, exact=10**6))
    cells = set(_vector_neighbours(flat, vectors, 0.985, None, exact=100))
    sims = vectors @ vectors.T
    assert np.median(sims) < 0.96 and len(exact) >= 500
    assert cells <= exact and len(cells) >= 0.97 * len(exact)
    only = {3, 3503, 3999}  # an incremental run's few pieces: the exact join, linear
    touching = {p for p in exact if only & set(p)}
    assert touching and set(_vector_neighbours(flat, vectors, 0.985, only, exact=200)) == touching


def test_a_short_generic_sentence_two_units_share_names_no_copier_but_a_shared_fact_does():
    generic = "发现部分公开栏信息更新不够及时，群众反映查询不便。"
    fact = "对照基层政务公开标准目录自查时，发现青石村公开栏漏登3期低保名单，涉及农户126户。"
    reports = [
        report("甲县甲乡人民政府", 2024, generic, "a.txt"),
        report("乙县乙乡人民政府", 2024, generic, "b.txt"),
        report("丙县丙镇人民政府", 2024, fact, "c.txt"),
        report("丁县丁镇人民政府", 2024, fact, "d.txt"),
    ]
    pairs = [p for p in find_copies(reports) if p.relation == "copy"]
    # the genre's wording, met by chance in two counties: no fact of either unit, too short
    assert {(p.a.report, p.b.report) for p in pairs} == {("c.txt", "d.txt")}
    assert pairs[0].strength >= 8 and "青石村" in pairs[0].a.text


def test_a_unit_named_with_and_without_its_county_is_one_unit():
    a = report("甲县柳河乡人民政府", 2023, PROBLEMS, "a.txt")
    b = report("柳河乡人民政府", 2024, PROBLEMS, "b.txt")  # the next year's page drops the county
    pairs = find_copies([a, b])
    assert pairs and {p.relation for p in pairs} == {"stickiness"}


def test_townships_of_one_county_sharing_a_short_sentence_are_shown_as_copying():
    generic = "发现部分公开栏信息更新不够及时，群众反映查询不便。"
    reports = [
        report("甲县甲乡人民政府", 2024, generic, "a.txt"),
        report("甲县乙镇人民政府", 2024, generic, "b.txt"),  # the same county: they borrow
        report("丙县丙镇人民政府", 2024, generic, "c.txt"),  # another county: chance wording
    ]
    pairs = [p for p in find_copies(reports) if p.relation == "copy"]
    assert {(p.a.report, p.b.report) for p in pairs} == {("a.txt", "b.txt")}


def test_a_sentence_merged_into_a_longer_one_is_found():
    a = report("甲县甲乡人民政府", 2024, PROBLEMS, "a.txt")
    merged = (
        "针对以上情况，本镇今年在网站栏目、公开目录和制度建设几个方面统筹施策，但工作人员更换频繁，"
        "接手政务公开工作时间较短，信息内容把关不够，仍需在明年持续用力加以解决。"
    )
    b = report("甲县乙镇人民政府", 2024, merged, "b.txt")
    pairs = [p for p in find_copies([a, b]) if p.relation == "copy"]
    assert pairs and "接手政务公开工作时间较短" in pairs[0].b.text


def test_only_the_sentence_model_never_names_a_copier():
    """Sentences linked by their vectors alone are at most a suspected rewording (疑似改写):
    of neighbours, and two sentences in a row; never between two counties."""
    import numpy as np

    from nianbao.corpus.copies import units_of

    five = "一是公开栏目内容更新不够及时，部分信息发布滞后。二是政策解读材料的形式比较单一，图解和视频偏少。"
    others = (
        "天干地支循环往复，甲乙丙丁戊己庚辛壬癸依次排列。宫商角徵羽五音俱全，琴瑟琵琶和鸣之声悠扬悦耳动听。",
        "春夏秋冬四季轮回，东南西北四方各有所守之物。金木水火土五行相生相克，周而复始永不停歇。",
    )
    reports = [
        report("甲县甲乡人民政府", 2024, five, "a.txt"),
        report("甲县乙乡人民政府", 2024, others[0], "b.txt"),  # a neighbour
        report("丙县丙镇人民政府", 2024, others[1], "c.txt"),  # another county
    ]
    units = [units_of(r, i) for i, r in enumerate(reports)]
    rng = np.random.default_rng(0)
    embeddings = []
    for us in units:
        v = rng.normal(size=(len(us), 16))
        embeddings.append(v / np.linalg.norm(v, axis=1, keepdims=True))
    # a's part 五 reads, by the vectors, like b's and c's two sentences
    five_units = [k for k, u in enumerate(units[0]) if u.text in five]
    for r in (1, 2):
        alike = [k for k, u in enumerate(units[r]) if u.text in others[r - 1]]
        assert len(five_units) == len(alike) == 2
        for x, y in zip(five_units, alike, strict=True):
            embeddings[r][y] = embeddings[0][x]
    pairs = [p for p in find_copies(reports, embeddings) if p.relation == "copy"]
    assert {(p.a.report, p.b.report, p.kind) for p in pairs} == {("a.txt", "b.txt", "suspected")}
    # one sentence alike is no passage: nothing to review
    embeddings[1][alike[0]] = -embeddings[1][alike[0]]
    assert not [p for p in find_copies(reports[:2], embeddings[:2]) if p.relation == "copy"]


def test_two_sentences_shared_across_counties_name_a_copier_one_does_not():
    from nianbao.corpus.copies import GENERIC_STRENGTH

    first = "发现部分公开栏信息更新不够及时，群众反映查询不便。"
    second = "个别科室报送稿件把关不严，存在错字漏字。"
    reports = [
        report("甲县甲乡人民政府", 2024, first + second, "a.txt"),
        report("乙县乙乡人民政府", 2024, "本乡另有说明。" + first + second, "b.txt"),
        report("丙县丙镇人民政府", 2024, first + "其余情况与往年相同，不再赘述。", "c.txt"),
    ]
    pairs = [p for p in find_copies(reports) if p.relation == "copy"]
    assert {(p.a.report, p.b.report) for p in pairs} == {("a.txt", "b.txt")}
    assert pairs[0].strength < GENERIC_STRENGTH  # short, yet two sentences in a row
