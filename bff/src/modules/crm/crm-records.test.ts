import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classifyCrmFile, CrmFileError, planCrmFiles, readCrmFile, type SourceRow } from './crm-files';
import { validateCrmRecord, yuanToFen } from './crm-records';

const ID = '11010519491231002X';

describe('CRM record validation', () => {
  const customer = { crm_no: 'C1', name: '张三', id_number: ID, phone: '13812345678', aum_yuan: '1234.5', risk_level: '3' };

  it('normalises a good customer row', () => {
    expect(validateCrmRecord('customers', { ...customer, id_number: ' 11010519491231002x ', phone: '+86 138-1234-5678', risk_level: 'c4' })).toEqual({
      ok: true,
      value: { crmNo: 'C1', name: '张三', idNumber: ID, phone: '13812345678', aumFen: 123_450n, riskLevel: 4 },
    });
    expect(validateCrmRecord('customers', { ...customer, phone: '', aum_yuan: 0, risk_level: 1 })).toMatchObject({ ok: true, value: { phone: null, aumFen: 0n, riskLevel: 1 } });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['check digit', { id_number: '110105194912310021' }, 'id_number: 身份证号码校验位不正确'],
    ['birth date', { id_number: '110105194902300021' }, 'id_number: 身份证号码中的出生日期不正确'],
    ['ID number length', { id_number: '1101051949123100' }, 'id_number: 身份证号码应为18位，前17位为数字，最后一位为数字或X'],
    ['ID number missing', { id_number: '  ' }, 'id_number: 缺少身份证号码'],
    ['phone', { phone: '12345' }, 'phone: 请输入正确的11位手机号码'],
    ['negative AUM', { aum_yuan: '-5' }, 'aum_yuan: 金额应为不小于0的元金额，最多两位小数'],
    ['three decimals', { aum_yuan: '1.005' }, 'aum_yuan: 金额应为不小于0的元金额，最多两位小数'],
    ['thousands separators', { aum_yuan: '1,000' }, 'aum_yuan: 金额应为不小于0的元金额，最多两位小数'],
    ['risk level 6', { risk_level: '6' }, 'risk_level: 风险等级应为1–5（或C1–C5）'],
    ['name missing', { name: '' }, 'name: 缺少姓名'],
    ['crm_no with spaces', { crm_no: 'C 1' }, 'crm_no: 客户号应为1–32位字母、数字、“-”或“_”'],
    ['two columns at once', { name: undefined, risk_level: 'R9' }, 'name: 缺少姓名；risk_level: 风险等级应为1–5（或C1–C5）'],
  ])('customer: %s', (_label, change, reason) => {
    expect(validateCrmRecord('customers', { ...customer, ...change })).toEqual({ ok: false, reason });
  });

  it('never puts the ID number or phone into a reason', () => {
    const bad = validateCrmRecord('customers', { ...customer, id_number: '110105194912310021', phone: '1381234567' });
    expect(bad.ok).toBe(false);
    expect(JSON.stringify(bad)).not.toMatch(/110105194912310021|1381234567/);
  });

  const holding = { holding_id: 'h-1', crm_no: 'C1', product_id: 'WM001', amount_yuan: '10000', start_date: '2026-01-02', maturity_date: '2026-04-02' };
  it('holdings: dates and amounts', () => {
    expect(validateCrmRecord('holdings', holding)).toEqual({
      ok: true,
      value: { holdingId: 'h-1', crmNo: 'C1', productId: 'WM001', amountFen: 1_000_000n, startDate: '2026-01-02', maturityDate: '2026-04-02' },
    });
    expect(validateCrmRecord('holdings', { ...holding, maturity_date: '' })).toMatchObject({ ok: true, value: { maturityDate: null } });
    expect(validateCrmRecord('holdings', { ...holding, amount_yuan: '0' })).toEqual({ ok: false, reason: 'amount_yuan: 金额应为大于0的元金额，最多两位小数' });
    expect(validateCrmRecord('holdings', { ...holding, start_date: '2026/01/02' })).toEqual({ ok: false, reason: 'start_date: 日期应为YYYY-MM-DD格式的有效日期' });
    expect(validateCrmRecord('holdings', { ...holding, maturity_date: '2025-12-31' })).toEqual({ ok: false, reason: 'maturity_date: 到期日早于起始日' });
    expect(validateCrmRecord('holdings', { ...holding, holding_id: undefined })).toEqual({ ok: false, reason: 'holding_id: 缺少持仓编号' });
  });

  it('tags: "|"-separated text or a list, trimmed, de-duplicated, sorted; empty clears', () => {
    expect(validateCrmRecord('tags', { crm_no: 'C1', tags: ' 新客 | 养老规划|新客|' })).toEqual({ ok: true, value: { crmNo: 'C1', tags: ['养老规划', '新客'] } });
    expect(validateCrmRecord('tags', { crm_no: 'C1', tags: ['b', 'a'] })).toEqual({ ok: true, value: { crmNo: 'C1', tags: ['a', 'b'] } });
    expect(validateCrmRecord('tags', { crm_no: 'C1', tags: '' })).toEqual({ ok: true, value: { crmNo: 'C1', tags: [] } });
    expect(validateCrmRecord('tags', { crm_no: 'C1', tags: ['x'.repeat(33)] })).toEqual({ ok: false, reason: 'tags: 每个标签最多32字，不含控制字符' });
    expect(validateCrmRecord('tags', { crm_no: 'C1', tags: 42 }).ok).toBe(false);
  });

  it('ownership: a WeCom userid, or nothing to clear the owner', () => {
    expect(validateCrmRecord('ownership', { crm_no: 'C1', owner_wecom_userid: 'wangfang' })).toEqual({ ok: true, value: { crmNo: 'C1', ownerWecomUserId: 'wangfang' } });
    expect(validateCrmRecord('ownership', { crm_no: 'C1', owner_wecom_userid: null })).toEqual({ ok: true, value: { crmNo: 'C1', ownerWecomUserId: null } });
    expect(validateCrmRecord('ownership', { crm_no: 'C1', owner_wecom_userid: 'wang fang' }).ok).toBe(false);
  });

  it('refuses what is not an object', () => {
    expect(validateCrmRecord('tags', [1, 2])).toEqual({ ok: false, reason: '记录应为一个对象' });
  });

  it.each([
    ['0', 0n],
    ['1', 100n],
    ['1.5', 150n],
    ['1.05', 105n],
    ['9999999999999.99', 999_999_999_999_999n],
    ['1.', null],
    ['.5', null],
    ['1e3', null],
    ['99999999999999', null],
  ])('yuanToFen(%s) = %s', (text, fen) => {
    expect(yuanToFen(text)).toBe(fen);
  });
});

describe('CRM files', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-files-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string | Buffer): string => {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
    return p;
  };
  const readAll = async (p: string): Promise<SourceRow[]> => {
    const plan = planCrmFiles([p]);
    const rows: SourceRow[] = [];
    for await (const r of readCrmFile(plan.files[0]!)) rows.push(r);
    return rows;
  };

  it.each([
    ['customers.csv', { kind: 'customers', format: 'csv' }],
    ['Customers-2026-11-24.JSONL', { kind: 'customers', format: 'jsonl' }],
    ['holdings_part2.ndjson', { kind: 'holdings', format: 'jsonl' }],
    ['ownership.csv', { kind: 'ownership', format: 'csv' }],
    ['tags.jsonl', { kind: 'tags', format: 'jsonl' }],
    ['customer.csv', null],
    ['customers.json', null],
    ['README.md', null],
  ])('classifies %s', (name, expected) => {
    expect(classifyCrmFile(name)).toEqual(expected);
  });

  it('plans a folder in dependency order and leaves other names and sub-folders alone', () => {
    const sub = path.join(dir, 'plan');
    for (const n of ['holdings.csv', 'tags.jsonl', 'customers-b.csv', 'customers-a.jsonl', 'ownership.csv', 'notes.txt']) write(`plan/${n}`, 'x\n');
    write('plan/bad/customers.csv', 'x\n');
    const plan = planCrmFiles([sub]);
    expect(plan.files.map((f) => path.basename(f.path))).toEqual(['customers-a.jsonl', 'customers-b.csv', 'ownership.csv', 'tags.jsonl', 'holdings.csv']);
    expect(plan.ignored.map((p) => path.basename(p))).toEqual(['bad', 'notes.txt']);
    expect(() => planCrmFiles([path.join(sub, 'notes.txt')])).toThrow(CrmFileError);
    expect(() => planCrmFiles([path.join(dir, 'missing')])).toThrow('文件或目录不存在');
  });

  it('reads CSV with a BOM, CRLF line ends, quoted multi-line cells and bad lines, numbering lines from 1 (header)', async () => {
    const text = '\uFEFFCRM_NO , Tags\r\nC1,"a|b"\r\nC2,"multi\r\nline"\r\n\r\nC3,x,extra\r\nC4,"y"\r\n';
    expect(await readAll(write('tags-crlf.csv', text))).toEqual([
      { line: 2, record: { crm_no: 'C1', tags: 'a|b' } },
      { line: 3, record: { crm_no: 'C2', tags: 'multi\nline' } },
      { line: 6, error: 'CSV格式错误：列数与表头不一致' },
      { line: 7, record: { crm_no: 'C4', tags: 'y' } },
    ]);
  });

  it('refuses a CSV file whose header lacks a required column', async () => {
    await expect(readAll(write('holdings-short.csv', 'holding_id,crm_no\nh1,C1\n'))).rejects.toThrow('缺少列：product_id, amount_yuan, start_date');
  });

  it('reads JSON Lines: blank lines skipped, broken lines reported without their content', async () => {
    const text = '{"CRM_NO":"C1","tags":["a"]}\n\n{"crm_no": "11010519491231002X\n[1,2]\n{"crm_no":"C2","tags":[]}';
    const rows = await readAll(write('tags-lines.jsonl', text));
    expect(rows).toEqual([
      { line: 1, record: { crm_no: 'C1', tags: ['a'] } },
      { line: 3, error: 'JSON格式错误' },
      { line: 4, error: '每行应为一个JSON对象' },
      { line: 5, record: { crm_no: 'C2', tags: [] } },
    ]);
  });
});
