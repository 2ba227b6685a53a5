// Browser test of the sidebar in a customer group (issue #13, 3.6) against the real BFF and its in-process simulator:
// the demo panel switches 王芳 to the group-chat toolbar → the first of her demo groups opens → the sidebar lists the
// group's customers (hers with 已实名/未实名, others by a masked name) → one opens into her profile and back → the
// panel's group picker switches to her other group.
import assert from 'node:assert/strict';
import { openDemo, VIEWPORTS } from './browser.mjs';
import { api, visible } from './butler-helpers.mjs';

export const tests = [
  {
    id: 'group-chat-sidebar',
    name: 'group chat: the demo panel opens a customer group, the sidebar lists its customers with 实名 status and opens a profile',
    viewport: VIEWPORTS.desktop,
    async run({ page, baseUrl, shoot }) {
      const groups = await api(baseUrl, 'GET', '/api/demo/group-chats?wecomUserId=wangfang');
      assert.deepEqual(
        groups.map((g) => g.name),
        ['王芳的理财沙龙群', '王芳的客户交流群'],
      );

      // 1. From the workbench, the panel's 入口 becomes 群聊工具栏: the app relaunches as the sidebar with the first group.
      await openDemo(page, baseUrl, { wecomUserId: 'wangfang' });
      const members = page.waitForResponse((res) => res.url().includes(`/api/group-chats/${groups[0].chatId}/members`) && res.status() === 200);
      await page.locator('select[name="entry"]').selectOption('group_chat_tools');
      const body = await (await members).json();
      await visible(page, '.pfs-group__title').filter({ hasText: '王芳的理财沙龙群' }).waitFor();
      assert.equal(await page.locator('select[name="group"]').inputValue(), groups[0].chatId);
      assert.equal(await page.getByText('无法读取当前会话').count(), 0);

      // 2. Her customers first, each with its status; the others by a masked name only.
      const own = body.customers.filter((c) => c.inScope);
      assert.ok(own.length >= 2, 'the demo group holds several of her customers');
      const rows = visible(page, '.pfs-group__row');
      assert.equal(await rows.count(), body.customers.length);
      for (const [i, c] of own.entries()) {
        const row = rows.nth(i);
        assert.equal((await row.locator('.pfs-group__name').textContent()).trim(), c.displayName);
        assert.equal((await row.locator('.pfs-butler-badge').textContent()).trim(), c.verified ? '已实名' : '未实名');
      }
      const others = visible(page, '.pfs-group__row--other');
      assert.ok((await others.count()) >= 1);
      assert.match(await others.first().textContent(), /\*.*非您名下客户/);
      await shoot('group-01-sidebar-members');

      // 3. A customer's row opens the profile in place, with a way back to the members.
      const profile = page.waitForResponse((res) => res.url().includes(`/api/customers/${own[0].customerId}/profile`) && res.status() === 200);
      await rows.first().click();
      await profile;
      assert.equal((await visible(page, '.pfs-butler-head__name').textContent()).trim(), own[0].displayName);
      await shoot('group-02-member-profile');
      await visible(page, '.pfs-group__back').click();
      await visible(page, '.pfs-group__title').filter({ hasText: '王芳的理财沙龙群' }).waitFor();

      // 4. The panel's group picker: the other group.
      await page.locator('select[name="group"]').selectOption(groups[1].chatId);
      await visible(page, '.pfs-group__title').filter({ hasText: '王芳的客户交流群' }).waitFor();
      await shoot('group-03-other-group');
    },
  },
];
