"""A Chinese customer's province from an address or a province column, in one spelling (engine/ingest/provinces.py)."""

from __future__ import annotations

import pytest

from engine.ingest import import_file, inspect_file
from engine.store import create_project


@pytest.fixture
def project(tmp_path):
    p = create_project(tmp_path / "p.shiftwise")
    yield p
    p.close()


def _regions(project) -> list[tuple[str, str]]:
    return project.cursor().execute("SELECT customer_id, region FROM customer_attributes ORDER BY 1").fetchall()


def test_taobaos_order_report_gives_each_buyer_the_province_of_their_address(project, tmp_path):
    path = tmp_path / "ExportOrderList.csv"
    path.write_text("订单编号,买家会员名,订单状态,订单付款时间,宝贝标题,收货地址\n"
                    "1,a,交易成功,2024-03-01 10:00:00,茶,浙江省 杭州市 西湖区 文三路1号(310000)\n"
                    "2,b,交易成功,2024-03-01 11:00:00,茶,北京 北京市 朝阳区 建国路2号\n"
                    "3,c,交易成功,2024-03-01 12:00:00,茶,广西壮族自治区 南宁市 青秀区\n"
                    "4,d,交易成功,2024-03-01 13:00:00,茶,中国 黑龙江省 哈尔滨市 道里区\n"
                    "5,e,交易成功,2024-03-01 14:00:00,茶,内蒙古 呼和浩特市 新城区\n", encoding="gb18030")
    assert inspect_file(project, path).guess.columns["region"] == "收货地址"
    import_file(project, path)
    assert _regions(project) == [("a", "浙江省"), ("b", "北京市"), ("c", "广西壮族自治区"), ("d", "黑龙江省"),
                                 ("e", "内蒙古自治区")]


def test_a_province_written_short_or_whole_is_one_region(project, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("订单号,客户,下单时间,省份\n1,a,2024-03-01,浙江\n2,b,2024-03-02,浙江省\n3,c,2024-03-03,上海\n",
                    encoding="utf-8")
    import_file(project, path)
    assert _regions(project) == [("a", "浙江省"), ("b", "浙江省"), ("c", "上海市")]


def test_an_address_that_does_not_begin_with_a_province_is_no_region(project, tmp_path):
    """A street as the region would make every customer a region of their own."""
    path = tmp_path / "orders.csv"
    path.write_text("订单号,客户,下单时间,收货地址\n1,a,2024-03-01,杭州市西湖区文三路1号\n"
                    "2,b,2024-03-02,南宁市青秀区民族大道3号\n", encoding="utf-8")
    assert "region" not in inspect_file(project, path).guess.columns
    import_file(project, path)
    assert project.scalar("SELECT count(*) FROM customer_attributes WHERE region IS NOT NULL") == 0


def test_regions_of_other_countries_keep_their_text(project, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("order_id,customer_id,created_at,state\n1,a,2024-03-01,CA\n2,b,2024-03-02,华东\n",
                    encoding="utf-8")
    import_file(project, path)
    assert _regions(project) == [("a", "CA"), ("b", "华东")]
