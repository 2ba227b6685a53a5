import { createTestApp, type TestApp } from '../../../test/helpers/test-app';
import { h5Flow } from '../../../test/helpers/h5-flow';

// The advisor's side of invitations: only the follower issues one; the verification status is scoped.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ platform: true, listen: true, env: { H5_RATE_LIMIT_PER_MINUTE: '1000' } });
});
afterAll(() => t.close());
const { customerAdds } = h5Flow(() => t);

describe('invitations', () => {
  it('only the follower can invite; status is scoped', async () => {
    const c = await customerAdds();
    const other = await t.tokenFor('zhaomin'); // same unit, not the follower
    expect((await t.http.post(`/api/customers/${c.customer.id}/invitations`).set('Authorization', `Bearer ${other}`)).status).toBe(404);
    const outsider = await t.tokenFor('liuhai'); // manager of another branch
    expect((await t.http.get(`/api/customers/${c.customer.id}/verification-status`).set('Authorization', `Bearer ${outsider}`)).status).toBe(404);
    expect((await t.http.get(`/api/customers/${c.customer.id}/verification-status`).set('Authorization', `Bearer ${other}`)).status).toBe(200);
    expect((await t.http.post(`/api/customers/${c.customer.id}/invitations`)).status).toBe(401);
  });
});
