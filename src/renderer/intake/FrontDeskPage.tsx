import { Alert, Card, Col, Row, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { intakeRegister, intakeReveal, type WalkIn } from '../../shared/intake/contract.js';
import { useCan, useMe } from '../app/me.js';
import { OnDutyList } from '../roster/OnDutyCard.js';
import { intakeCall } from '../../shared/intake/hall.js';
import { walkInRoutesOf } from '../../shared/intake/zones.js';
import type { Role } from '../../shared/roles.js';
import { TodayBoard } from './Board.js';
import { CallBar } from './hall/CallBar.js';
import { RevealModal, WalkInDrawer, type RevealTarget } from './Detail.js';
import { RegisteredPanel } from './RegisteredPanel.js';
import { RegistrationForm } from './RegistrationForm.js';

/** The last registration of this window survives a trip to the print view and back. */
let lastRegistered: { by: string; walkIn: WalkIn } | null = null;

/** The front desk: the registration form on the left, today's board on the right. */
export const FrontDeskPage = () => {
  const { t } = useTranslation();
  const can = useCan();
  const { me } = useMe();
  const [registered, setRegistered] = useState<WalkIn | null>(lastRegistered?.by === me.staffId ? lastRegistered.walkIn : null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [revealing, setRevealing] = useState<RevealTarget | null>(null);

  const board = (
    <>
      {can(intakeCall) && (
        <div style={{ marginBottom: 16 }}>
          <CallBar routes={walkInRoutesOf(me.role as Role)} />
        </div>
      )}
      <TodayBoard onOpen={(w) => setOpenId(w.id)} />
    </>
  );
  return (
    <>
      {can(intakeRegister) ? (
        <Row gutter={[16, 16]} wrap>
          <Col flex="0 1 420px" style={{ minWidth: 340 }}>
            <Card title={t('intake.desk.title')} size="small">
              <RegistrationForm
                onRegistered={(w) => {
                  lastRegistered = { by: me.staffId, walkIn: w };
                  setRegistered(w);
                }}
              />
            </Card>
            {registered && <RegisteredPanel walkIn={registered} />}
            <Card size="small" title={t('roster.onDuty.title')} style={{ marginTop: 16 }} data-testid="desk-on-duty">
              <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
                {t('roster.onDuty.forwardTo')}
              </Typography.Paragraph>
              <OnDutyList compact />
            </Card>
          </Col>
          <Col flex="1 1 600px" style={{ minWidth: 0 }}>
            {board}
          </Col>
        </Row>
      ) : (
        <>
          <Alert type="info" showIcon title={t('intake.desk.noRegister')} style={{ marginBottom: 16 }} />
          {board}
        </>
      )}
      <WalkInDrawer id={openId} onClose={() => setOpenId(null)} onOpen={setOpenId} onReveal={can(intakeReveal) ? setRevealing : undefined} />
      <RevealModal target={revealing} onClose={() => setRevealing(null)} />
    </>
  );
};
