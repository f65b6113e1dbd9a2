import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { patrolGoods, patrolGoodsRestock, patrolGoodsSave, patrolRedeem, patrolVolunteers, type GoodsView } from '../../shared/patrol/contract.js';
import { useCan } from '../app/me.js';
import { ModalForm } from '../app/ModalForm.js';
import { useAction, useMethod } from '../app/query.js';
import { ErrorLine, useSubmit } from './formParts.js';

// ───────────────────────────── the points supermarket ─────────────────────────────

export const MarketTab = () => {
  const { t } = useTranslation();
  const can = useCan();
  const goods = useMethod(patrolGoods, {});
  const save = useAction(patrolGoodsSave);
  const restock = useAction(patrolGoodsRestock);
  const [adding, setAdding] = useState(false);
  const [stocking, setStocking] = useState<GoodsView | null>(null);
  const [goodsForm] = Form.useForm<{ name: string; unit: string; price: number; note?: string }>();
  const [stockForm] = Form.useForm<{ quantity: number }>();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <RedeemForm goods={goods.data ?? []} />
      <Flex justify="space-between" align="center">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('patrol.market.goods')}
        </Typography.Title>
        {can(patrolGoodsSave) && (
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="patrol-goods-add">
            {t('patrol.market.add')}
          </Button>
        )}
      </Flex>
      <Table<GoodsView>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={goods.data ?? []}
        data-testid="patrol-goods"
        columns={[
          { title: t('patrol.market.name'), dataIndex: 'name' },
          { title: t('patrol.market.price'), dataIndex: 'price', width: 100 },
          { title: t('patrol.market.stock'), key: 'stock', width: 100, render: (_, g) => <span data-testid="patrol-goods-stock">{`${g.stock} ${g.unit}`}</span> },
          { title: t('patrol.market.note'), dataIndex: 'note' },
          {
            title: '',
            key: 'restock',
            width: 80,
            render: (_, g) => can(patrolGoodsRestock) && <Button size="small" onClick={() => setStocking(g)}>{t('patrol.market.restock')}</Button>,
          },
        ]}
      />
      <ModalForm
        open={adding}
        title={t('patrol.market.add')}
        form={goodsForm}
        testId="patrol-goods-form"
        initialValues={{ unit: '个' }}
        onCancel={() => setAdding(false)}
        onSubmit={async (v) => {
          await save.mutateAsync({ name: v.name ?? '', unit: v.unit ?? '', price: v.price, note: v.note ?? null });
          setAdding(false);
        }}
      >
        <Form.Item name="name" label={t('patrol.market.name')}>
          <Input autoFocus />
        </Form.Item>
        <Form.Item name="unit" label={t('patrol.market.unit')}>
          <Input style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name="price" label={t('patrol.market.price')}>
          <InputNumber style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="note" label={t('patrol.market.note')}>
          <Input />
        </Form.Item>
      </ModalForm>
      <ModalForm
        open={stocking !== null}
        title={`${t('patrol.market.restock')} · ${stocking?.name ?? ''}`}
        form={stockForm}
        testId="patrol-restock-form"
        onCancel={() => setStocking(null)}
        onSubmit={async (v) => {
          await restock.mutateAsync({ id: stocking?.id ?? '', quantity: v.quantity });
          setStocking(null);
        }}
      >
        <Form.Item name="quantity" label={t('patrol.market.quantity')}>
          <InputNumber autoFocus style={{ width: 160 }} />
        </Form.Item>
      </ModalForm>
    </Space>
  );
};

const RedeemForm = ({ goods }: { goods: GoodsView[] }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const volunteers = useMethod(patrolVolunteers, {});
  const redeem = useAction(patrolRedeem);
  const [form] = Form.useForm<{ volunteerId?: string; goodsId?: string; quantity: number }>();
  const submit = useSubmit();
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const chosen = Form.useWatch([], form);
  const volunteer = volunteers.data?.find((v) => v.id === chosen?.volunteerId);
  const item = goods.find((g) => g.id === chosen?.goodsId);
  return (
    <Card size="small" title={t('patrol.market.redeemTitle')}>
      <ErrorLine error={error} />
      {done && <Alert type="success" showIcon title={done} style={{ marginBottom: 8 }} data-testid="patrol-redeem-done" />}
      <Form
        form={form}
        layout="inline"
        data-testid="patrol-redeem-form"
        initialValues={{ quantity: 1 }}
        onFinish={(v) =>
          void submit(form, async () => {
            setDone(null);
            const r = await redeem.mutateAsync({ volunteerId: v.volunteerId ?? '', goodsId: v.goodsId ?? '', quantity: v.quantity });
            const text = t('patrol.market.done', { name: volunteer?.name ?? '', goods: r.entry.goods?.name ?? '', quantity: r.entry.goods?.quantity ?? 0, balance: r.balance });
            setDone(text);
            void message.success(text);
            form.resetFields();
          }).then(setError)
        }
      >
        <Form.Item name="volunteerId" label={t('patrol.market.volunteer')}>
          <Select
            showSearch
            optionFilterProp="label"
            style={{ width: 220 }}
            data-testid="patrol-redeem-volunteer"
            options={(volunteers.data ?? []).map((v) => ({ value: v.id, label: t('app.aside', { text: `${v.cardNo} ${v.name}`, aside: v.balance }) }))}
          />
        </Form.Item>
        <Form.Item name="goodsId" label={t('patrol.market.name')}>
          <Select style={{ width: 220 }} data-testid="patrol-redeem-goods" options={goods.map((g) => ({ value: g.id, label: t('app.aside', { text: g.name, aside: g.price }) }))} />
        </Form.Item>
        <Form.Item name="quantity" label={t('patrol.market.quantity')}>
          <InputNumber style={{ width: 90 }} data-testid="patrol-redeem-quantity" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={redeem.isPending} data-testid="patrol-redeem-submit">
          {t('patrol.market.redeem')}
        </Button>
      </Form>
      {volunteer && item && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          {t('patrol.market.cost', { cost: item.price * (chosen?.quantity ?? 0), balance: volunteer.balance })}
        </Typography.Text>
      )}
    </Card>
  );
};
