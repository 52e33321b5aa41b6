package io.fscache.core;

import java.lang.reflect.Method;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.BooleanGen;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Model-checks the cookie's state machine ({@link CookieMachine}, the decisions {@link CookieImpl}
 * takes under its monitor). CookieImpl itself cannot be model-checked: it hands its runs, disposals
 * and withdrawals to thread pools. Here the machine sits in {@link CookieMachineModel}, where those
 * hand-offs are actors of their own (the worker runs a step, the backend call completes, a queued
 * disposal runs, the withdrawal asks), and Lincheck explores every order of them and the API requests
 * (use, unuse, invalidate, relinquish, beginOperation, endOperation, an I/O error, the LRU timer, a
 * discard to free a slot, a withdrawal).
 *
 * <p>Each actor holds this object's lock, as each real call holds the cookie's monitor, and the model
 * and machine are treated as atomic inside it: the interleavings explored are those of whole critical
 * sections, which is the machine's real granularity. The operations are therefore linearizable by
 * construction; the specification is the model's invariants, checked after every actor, and its
 * liveness check after each scenario ({@link CookieMachineModel#settles()}): at most one machine run;
 * an access only on an ACTIVE, bound cookie; pending disposals never negative and equal to the
 * detached objects still blocking a lookup, and no lookup while there are any; bound exactly while
 * ACTIVE or INVALIDATING; dropped once, only relinquished; and once every access is closed and all
 * work done, a relinquished cookie is DROPPED.
 *
 * <p>Besides random scenarios, three are given: the bug the stress test found (relinquished while its
 * object was detached for a withdrawal, by the LRU timer, or to free a slot, and the disposal came
 * later from elsewhere), which random scenarios of fifteen kinds of actors rarely line up. Without the
 * fix in {@code CookieMachine.disposed} each of the three fails.
 */
@Param(name = "flag", gen = BooleanGen.class)
public class CookieMachineLincheckTest {

    private final CookieMachineModel model = new CookieMachineModel();

    @Operation
    public synchronized void use(@Param(name = "flag") boolean willModify) {
        model.use(willModify);
    }

    @Operation
    public synchronized void unuse() {
        model.unuse();
    }

    @Operation
    public synchronized void invalidate() {
        model.invalidate();
    }

    @Operation(runOnce = true)
    public synchronized void relinquish(@Param(name = "flag") boolean retire) {
        model.relinquish(retire);
    }

    @Operation
    public synchronized String beginOperation() {
        return model.beginOperation();
    }

    @Operation
    public synchronized void endOperation() {
        model.endOperation();
    }

    @Operation
    public synchronized void ioError() {
        model.ioError();
    }

    @Operation
    public synchronized void lruTimer() {
        model.lruTimer();
    }

    @Operation
    public synchronized void discardIdle() {
        model.discardIdle();
    }

    @Operation(runOnce = true)
    public synchronized void withdraw() {
        model.withdraw();
    }

    @Operation
    public synchronized void worker() {
        model.worker();
    }

    @Operation
    public synchronized void backend(@Param(name = "flag") boolean succeeds) {
        model.backend(succeeds);
    }

    @Operation
    public synchronized void disposal() {
        model.disposal();
    }

    @Operation
    public synchronized void withdrawal() {
        model.withdrawal();
    }

    @Validate
    public synchronized void settles() {
        model.settles();
    }

    @Test
    void modelCheck() throws NoSuchMethodException {
        new ModelCheckingOptions()
                .iterations(30)
                .invocationsPerIteration(200)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1)
                // One critical section of the cookie is one step: no thread switch inside the model.
                .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(
                        name -> name.startsWith(CookieMachineModel.class.getName()) || name.startsWith(CookieMachine.class.getName()))
                        .allMethods().treatAsAtomic())
                // Relinquished while the cache is withdrawn: an invalidation runs the machine, which
                // detaches for the withdrawal while an access holds the object.
                .addCustomScenario(scenario(List.of(call("beginOperation")),
                        List.of(call("withdraw"), call("invalidate"), call("worker")),
                        List.of(call("relinquish", false), call("worker")),
                        List.of(call("endOperation"), call("disposal"))))
                // Relinquished while the LRU timer closes the idle object an access holds.
                .addCustomScenario(scenario(List.of(call("beginOperation")),
                        List.of(call("unuse"), call("lruTimer"), call("worker")),
                        List.of(call("relinquish", false), call("worker")),
                        List.of(call("endOperation"), call("disposal"))))
                // Relinquished while another lookup closes the idle object to free a slot.
                .addCustomScenario(scenario(List.of(),
                        List.of(call("unuse"), call("discardIdle")),
                        List.of(call("relinquish", false), call("worker")),
                        List.of(call("disposal"), call("worker"))))
                .check(getClass());
    }

    /** A scenario of these actors, built with Lincheck's own types as its Kotlin DSL does (Java cannot call the DSL). */
    @SafeVarargs
    private static ExecutionScenario scenario(List<Actor> initial, List<Actor>... threads) {
        return new ExecutionScenario(initial, List.of(threads), List.of(), null);
    }

    private static Actor call(String operation, Object... arguments) throws NoSuchMethodException {
        for (Method method : CookieMachineLincheckTest.class.getMethods()) {
            if (method.getName().equals(operation) && method.getParameterCount() == arguments.length) {
                return new Actor(method, List.of(arguments), false, false, false, false, false);
            }
        }
        throw new NoSuchMethodException(operation);
    }
}
